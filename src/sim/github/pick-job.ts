/**
 * How the Actions service matches work to runners (github-protocol.md §5.5–5.6): a runner may
 * take a job when it has **all** of the job's labels, compared case-insensitively. It is not bound
 * to the job it was created for.
 */
export function canRunJob(jobLabels: readonly string[], runnerLabels: readonly string[]): boolean {
  const held = new Set(runnerLabels.map((label) => label.toLowerCase()));
  return jobLabels.every((label) => held.has(label.toLowerCase()));
}

export type AssignmentOrder = "fifo" | "random";

/** The queued job an online runner gets: the oldest eligible one, or a random eligible one. */
export function pickJob<T extends { readonly labels: readonly string[] }>(
  queued: readonly T[],
  runnerLabels: readonly string[],
  order: AssignmentOrder,
  random: () => number,
): T | undefined {
  return pickOne(queued.filter((job) => canRunJob(job.labels, runnerLabels)), order, random);
}

/** The idle runner a newly queued job goes to: the longest waiting eligible one, or a random one. */
export function pickRunner<T extends { readonly labels: readonly string[] }>(
  idle: readonly T[],
  jobLabels: readonly string[],
  order: AssignmentOrder,
  random: () => number,
): T | undefined {
  return pickOne(idle.filter((runner) => canRunJob(jobLabels, runner.labels)), order, random);
}

function pickOne<T>(eligible: readonly T[], order: AssignmentOrder, random: () => number): T | undefined {
  if (eligible.length === 0) return undefined;
  return order === "fifo" ? eligible[0] : eligible[Math.floor(random() * eligible.length)];
}
