import type { BatchResult } from "../batch/follow-batch.js";
import { formatDuration } from "../batch/parse-duration.js";
import { formatTable } from "./format-table.js";

/** GitHub's own bookkeeping steps, whose logs say nothing about the script. */
const QUIET_STEPS = new Set(["Set up job", "Complete job"]);

/** Step logs of one job, or of every failed member in a fan-out. */
export function formatBatchLogs(result: BatchResult, fanOut: boolean): string {
  const shown = fanOut ? result.members.filter((member) => member.conclusion !== "success") : result.members;
  return shown
    .flatMap((member) =>
      member.logs
        .filter((step) => !QUIET_STEPS.has(step.name))
        .map((step) => `── ${fanOut ? `${member.job} · ` : ""}${step.name} ──\n${stripTimestamps(step.text)}`),
    )
    .join("");
}

/** FILE / SIZE, the members table for a fan-out, then QUEUED / DURATION / TOTAL. */
export function formatBatchSummary(result: BatchResult, out: string | null, fanOut: boolean): string {
  const sections: string[] = [];
  const files = result.artifacts.flatMap((artifact) => artifact.files.map((file) => [artifact.folder === "." ? file.path : `${artifact.folder}/${file.path}`, formatSize(file.size)]));
  if (files.length > 0) sections.push(`${formatTable(["FILE", "SIZE"], files)}\n${out === null ? "" : `(in ${out})\n`}`);
  if (fanOut) {
    const rows = result.members.map((member) => [member.index ?? member.job, member.conclusion ?? "-", member.exitCode === null ? "-" : String(member.exitCode), String(result.artifacts.find((artifact) => artifact.folder === member.index)?.files.length ?? 0)]);
    const failed = result.members.filter((member) => member.conclusion !== "success").length;
    sections.push(`${formatTable(["MEMBER", "CONCLUSION", "EXIT", "FILES"], rows)}\n${result.members.length - failed} succeeded, ${failed} did not\n`);
  }
  const time = (ms: number | null): string => (ms === null ? "-" : formatDuration(ms));
  sections.push(`${formatTable(["QUEUED", "DURATION", "TOTAL"], [[time(result.times.queuedMs), time(result.times.durationMs), time(result.times.totalMs)]])}\n`);
  return sections.join("\n");
}

/** The `--json` summary: everything but the log text (which `offload batch logs` prints). */
export function toBatchJson(result: BatchResult, out: string | null): Record<string, unknown> {
  return {
    id: result.id,
    repository: result.repository,
    runId: result.runId,
    outcome: result.outcome,
    conclusion: result.conclusion,
    exitCode: result.exitCode,
    out,
    members: result.members.map(({ index, job, conclusion, exitCode }) => ({ index, job, conclusion, exitCode })),
    files: result.artifacts.flatMap((artifact) => artifact.files.map((file) => ({ path: artifact.folder === "." ? file.path : `${artifact.folder}/${file.path}`, size: file.size }))),
    times: result.times,
    repositoryDeleted: result.deleted,
  };
}

function stripTimestamps(text: string): string {
  return text.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /gm, "");
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
