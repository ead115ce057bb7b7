import { zipSync, type Zippable } from "fflate";
import type { BatchRun } from "./batch-sim-state.js";

/**
 * The run logs archive as GitHub lays it out: one folder per job holding `<n>_<step>.txt` per
 * step, and `<i>_<job>.txt` at the top with the whole job's log. Slashes in names become
 * spaces (GitHub removes characters a file name cannot hold).
 */
export function buildRunLogsZip(run: BatchRun): Uint8Array {
  const entries: Zippable = {};
  const clean = (name: string): string => name.replace(/[/\\:*?"<>|]/g, " ").trim();
  run.jobs.forEach((job, index) => {
    const folder: Zippable = {};
    for (const step of job.steps) {
      if (step.conclusion === "skipped" || step.startedAt === null) continue;
      folder[`${step.number}_${clean(step.name)}.txt`] = Buffer.from(step.log);
    }
    entries[clean(job.name)] = folder;
    entries[`${index}_${clean(job.name)}.txt`] = Buffer.from(job.steps.map((step) => step.log).join(""));
  });
  return zipSync(entries, { level: 1 });
}
