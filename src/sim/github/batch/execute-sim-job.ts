import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import type { Clock } from "../../../clock/clock.js";
import type { BatchJob, BatchStep, TreeFile } from "./batch-sim-state.js";
import { stepShouldRun, substituteExpressions, type ExpressionContext } from "./evaluate-expression.js";
import type { SimWorkflowJob, SimWorkflowStep } from "./parse-sim-workflow.js";
import { runSimStep } from "./run-sim-step.js";
import { zipArtifactPath } from "./zip-directory.js";

/** Everything one job (one matrix member) needs to run on the simulated runner. */
export interface ExecuteSimJobInput {
  readonly job: BatchJob;
  readonly definition: SimWorkflowJob;
  readonly matrix: Readonly<Record<string, string>>;
  readonly workflowEnv: Readonly<Record<string, string>>;
  readonly files: readonly TreeFile[];
  readonly secrets: Readonly<Record<string, string>>;
  readonly github: Readonly<Record<string, string>>;
  /** The runner machine's own environment (PATH, HOME). */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly onChange: () => void;
  readonly uploadArtifact: (name: string, zip: Uint8Array) => void;
}

/**
 * Runs a job's steps in a fresh temp directory: `Set up job`, the workflow's steps, `Complete
 * job`. `actions/checkout` writes the pushed tree; `actions/upload-artifact` zips its `path`;
 * other actions are recorded as successful no-ops; `run:` steps run in bash. A failed step
 * fails the job and skips later steps unless their `if:` says otherwise. Cancelling kills the
 * running step and ends the job `cancelled`.
 */
export async function executeSimJob(input: ExecuteSimJobInput): Promise<void> {
  const { job, clock } = input;
  const root = await mkdtemp(join(tmpdir(), "offload-sim-runner-"));
  const workspace = join(root, "workspace");
  await mkdir(workspace);
  job.status = "in_progress";
  job.startedAt = clock.iso();
  job.runnerName = `offload-sim-runner-${job.id}`;
  const names = ["Set up job", ...input.definition.steps.map(stepName), "Complete job"];
  names.forEach((name, index) => job.steps.push({ number: index + 1, name, status: "queued", conclusion: null, startedAt: null, completedAt: null, log: "" }));
  input.onChange();

  let status: ExpressionContext["jobStatus"] = "success";
  const env = { ...input.workflowEnv, ...input.definition.env };
  try {
    await runStep(input, 0, async (log) => {
      log(`Current runner version: 'offload-sim'`);
      log(`Runner name: '${job.runnerName ?? ""}'`);
      return true;
    });
    for (const [offset, step] of input.definition.steps.entries()) {
      const record = job.steps[offset + 1];
      if (record === undefined) continue;
      if (input.signal.aborted) status = "cancelled";
      const context: ExpressionContext = { secrets: input.secrets, matrix: input.matrix, env, github: input.github, jobStatus: status };
      if (!stepShouldRun(step.if, context)) {
        skip(record, clock);
        input.onChange();
        continue;
      }
      const ok = await runStep(input, offset + 1, (log) => performStep(input, step, context, workspace, root, log));
      if (input.signal.aborted) status = "cancelled";
      else if (!ok && status === "success") status = "failure";
    }
    await runStep(input, input.definition.steps.length + 1, async (log) => {
      log("Cleaning up orphan processes");
      return true;
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  job.status = "completed";
  job.conclusion = input.signal.aborted ? "cancelled" : status;
  job.completedAt = clock.iso();
  input.onChange();
}

async function runStep(input: ExecuteSimJobInput, index: number, body: (log: (line: string) => void) => Promise<boolean>): Promise<boolean> {
  const step = input.job.steps[index];
  if (step === undefined) return true;
  step.status = "in_progress";
  step.startedAt = input.clock.iso();
  input.onChange();
  // GitHub masks every secret's value in logs as ***.
  const masks = Object.values(input.secrets).filter((value) => value.length > 0);
  const log = (line: string): void => {
    const masked = masks.reduce((text, value) => text.split(value).join("***"), line);
    step.log += `${input.clock.iso()} ${masked}\n`;
  };
  const ok = await body(log).catch((error: unknown) => {
    log(`##[error]${error instanceof Error ? error.message : String(error)}`);
    return false;
  });
  step.status = "completed";
  step.conclusion = input.signal.aborted ? "cancelled" : ok ? "success" : "failure";
  step.completedAt = input.clock.iso();
  input.onChange();
  return ok;
}

async function performStep(
  input: ExecuteSimJobInput,
  step: SimWorkflowStep,
  context: ExpressionContext,
  workspace: string,
  root: string,
  log: (line: string) => void,
): Promise<boolean> {
  const expand = (text: string): string => substituteExpressions(text, context);
  const uses = step.uses?.split("@")[0] ?? null;
  if (uses === "actions/checkout") {
    for (const file of input.files) await writeTreeFile(workspace, file);
    log(`Checked out ${input.files.length} files at ${input.github["sha"] ?? ""}`);
    return true;
  }
  if (uses === "actions/upload-artifact") {
    const name = expand(step.with["name"] ?? "artifact");
    const path = resolve(workspace, expand(step.with["path"] ?? "."));
    const zipped = await zipArtifactPath(path);
    if (zipped === null) {
      const missing = step.with["if-no-files-found"] ?? "warn";
      log(`${missing === "error" ? "##[error]" : "##[warning]"}No files were found with the provided path: ${step.with["path"] ?? ""}. No artifacts will be uploaded.`);
      return missing !== "error";
    }
    input.uploadArtifact(name, zipped.zip);
    log(`With the provided path, there will be ${zipped.files} files uploaded`);
    log(`Artifact ${name} has been successfully uploaded! Final size is ${zipped.zip.length} bytes.`);
    return true;
  }
  if (step.run === null) {
    log(`Download action repository '${step.uses ?? ""}' (simulated: not executed)`);
    return true;
  }
  const stepEnv = Object.fromEntries(Object.entries({ ...context.env, ...step.env }).map(([key, value]) => [key, expand(value)]));
  const code = await runSimStep({
    script: expand(step.run),
    cwd: workspace,
    scriptDir: root,
    env: { ...input.baseEnv, ...githubEnv(input, workspace), ...stepEnv },
    signal: input.signal,
    onLine: log,
  });
  if (code !== 0 && code !== null) log(`##[error]Process completed with exit code ${code}.`);
  return code === 0;
}

function githubEnv(input: ExecuteSimJobInput, workspace: string): Record<string, string> {
  const { github } = input;
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: github["repository"] ?? "",
    GITHUB_RUN_ID: github["run_id"] ?? "",
    GITHUB_SHA: github["sha"] ?? "",
    GITHUB_REF: github["ref"] ?? "",
    RUNNER_OS: "Linux",
    RUNNER_TEMP: dirname(workspace),
  };
}

async function writeTreeFile(workspace: string, file: TreeFile): Promise<void> {
  const target = resolve(workspace, file.path);
  if (!target.startsWith(workspace + sep)) throw new Error(`tree path '${file.path}' leaves the workspace`);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  if (file.mode === "100755") await chmod(target, 0o755);
}

function skip(step: BatchStep, clock: Clock): void {
  step.status = "completed";
  step.conclusion = "skipped";
  step.startedAt = clock.iso();
  step.completedAt = step.startedAt;
}

function stepName(step: SimWorkflowStep): string {
  if (step.name !== null) return step.name;
  if (step.uses !== null) return `Run ${step.uses}`;
  return `Run ${(step.run ?? "").split("\n")[0]?.slice(0, 80) ?? ""}`;
}
