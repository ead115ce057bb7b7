import { parse } from "yaml";
import { isRecord } from "../is-record.js";

/** A step as the simulated runner executes it. */
export interface SimWorkflowStep {
  readonly name: string | null;
  readonly uses: string | null;
  readonly run: string | null;
  readonly if: string | null;
  readonly env: Readonly<Record<string, string>>;
  readonly with: Readonly<Record<string, string>>;
}

/** One job of a workflow, before its matrix is expanded. */
export interface SimWorkflowJob {
  readonly id: string;
  readonly name: string | null;
  readonly runsOn: string | readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Each member's matrix values; one empty member when there is no matrix. */
  readonly members: readonly Readonly<Record<string, string>>[];
  readonly steps: readonly SimWorkflowStep[];
}

export interface SimWorkflow {
  readonly name: string;
  readonly pushBranches: readonly string[] | null;
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: readonly SimWorkflowJob[];
}

/**
 * Reads as much of a workflow file as the simulated runner models: `name`, `on.push.branches`,
 * top-level/job/step `env`, `runs-on`, `strategy.matrix` (value lists and `include`, no
 * `exclude`), and steps with `name`, `if`, `run`, `uses`, `with`. Anything else is ignored.
 * Returns null for a workflow not triggered by push.
 */
export function parseSimWorkflow(text: string, fallbackName: string): SimWorkflow | null {
  const document: unknown = parse(text);
  if (!isRecord(document)) return null;
  const on = document["on"] ?? document["true"];
  const push = typeof on === "string" ? (on === "push" ? {} : undefined) : Array.isArray(on) ? (on.includes("push") ? {} : undefined) : isRecord(on) ? on["push"] : undefined;
  if (push === undefined) return null;
  const branches = isRecord(push) && Array.isArray(push["branches"]) ? push["branches"].map(String) : null;
  const jobs = isRecord(document["jobs"]) ? Object.entries(document["jobs"]).flatMap(([id, job]) => (isRecord(job) ? [parseJob(id, job)] : [])) : [];
  return { name: typeof document["name"] === "string" ? document["name"] : fallbackName, pushBranches: branches, env: readStrings(document["env"]), jobs };
}

function parseJob(id: string, job: Record<string, unknown>): SimWorkflowJob {
  const runsOn = job["runs-on"];
  const steps = Array.isArray(job["steps"]) ? job["steps"].filter(isRecord).map(parseStep) : [];
  const matrix = isRecord(job["strategy"]) && isRecord(job["strategy"]["matrix"]) ? job["strategy"]["matrix"] : undefined;
  return {
    id,
    name: typeof job["name"] === "string" ? job["name"] : null,
    runsOn: Array.isArray(runsOn) ? runsOn.map(String) : String(runsOn ?? ""),
    env: readStrings(job["env"]),
    members: matrix === undefined ? [{}] : expandMatrix(matrix),
    steps,
  };
}

function parseStep(step: Record<string, unknown>): SimWorkflowStep {
  const text = (key: string): string | null => (step[key] === undefined || step[key] === null ? null : String(step[key]));
  return { name: text("name"), uses: text("uses"), run: text("run"), if: text("if"), env: readStrings(step["env"]), with: readStrings(step["with"]) };
}

/** The cross product of the value lists, then `include` entries appended as members of their own. */
function expandMatrix(matrix: Record<string, unknown>): Record<string, string>[] {
  let members: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (key === "include" || key === "exclude" || !Array.isArray(values)) continue;
    members = members.flatMap((member) => values.map((value) => ({ ...member, [key]: String(value) })));
  }
  const include = Array.isArray(matrix["include"]) ? matrix["include"].filter(isRecord).map(readStrings) : [];
  const hasAxes = Object.keys(matrix).some((key) => key !== "include" && key !== "exclude");
  return hasAxes ? [...members, ...include] : include.length > 0 ? include : [{}];
}

function readStrings(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}
