import type { ActionsService } from "./actions-service.js";
import type { SimState } from "./sim-state.js";

/** Resolves when every job is completed; rejects after `timeoutMs` naming the jobs still open. */
export function waitForJobs(state: SimState, actions: ActionsService, timeoutMs: number): Promise<void> {
  const open = (): string[] =>
    [...state.jobs.values()]
      .filter((job) => job.status !== "completed")
      .map((job) => `job ${job.id} '${job.name}' [${job.labels.join(", ")}] in ${job.repo} is ${job.status}`);
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      stop();
      if (error === undefined) resolve();
      else reject(error);
    };
    // Called on every job change: stop at the first open job instead of listing them all.
    const allCompleted = (): boolean => {
      for (const job of state.jobs.values()) if (job.status !== "completed") return false;
      return true;
    };
    const stop = actions.onJobChange(() => {
      if (allCompleted()) finish();
    });
    const timer = setTimeout(() => finish(new Error(`jobs not completed after ${timeoutMs} ms:\n${open().join("\n")}`)), timeoutMs);
    if (allCompleted()) finish();
  });
}
