import type { Ledger } from "../ledger/ledger.js";

/** The demo's sample jobs: several flavors, a multi-label runs-on, and two that offload must not run. */
export const DEMO_JOBS = [
  { name: "unit tests", labels: ["hf-jobs-cpu-basic"], served: true },
  { name: "gpu tests", labels: ["hf-jobs-t4-small"], served: true },
  { name: "train smoke test", labels: ["self-hosted", "linux", "hf-jobs-a10g-small"], served: true },
  { name: "eval (8x A100)", labels: ["hf-jobs-a100x8"], served: true },
  { name: "custom image", labels: ["hf-jobs-l4x1:gpu"], served: true },
  { name: "lint", labels: ["ubuntu-latest"], served: false },
  { name: "typo in flavor", labels: ["hf-jobs-t4-smal"], served: false },
] as const;

/** One block per job: its runs-on, then each recorded event with its offset from the first. */
export async function printDemoTimeline(ledger: Ledger, jobIds: readonly number[], out: NodeJS.WritableStream): Promise<void> {
  for (const jobId of jobIds) {
    const job = await ledger.getJob(jobId);
    if (job === null) continue;
    out.write(`job ${jobId}  ${job.name}  runs-on: [${job.labels.join(", ")}]${job.flavor === null ? "" : ` → ${job.flavor}`}\n`);
    const events = await ledger.jobEvents(jobId);
    const start = Date.parse(events[0]?.at ?? job.firstSeenAt);
    for (const event of events) {
      const offset = `+${Date.parse(event.at) - start} ms`;
      out.write(`  ${offset.padStart(9)}  ${event.kind.padEnd(16)} ${describeEvent(event.kind, event.detail, job)}\n`);
    }
    if (job.routing !== "pool") out.write(`  ${"".padStart(9)}  ${"not served".padEnd(16)} ${job.reason}\n`);
    out.write("\n");
  }
}

/** Status events carry the delivery that reported them; say what they mean instead. */
function describeEvent(kind: string, detail: string, job: { runnerName: string | null; conclusion: string | null }): string {
  const via = /^[0-9a-f-]{36}$/.test(detail) ? ` (webhook ${detail.slice(0, 8)})` : "";
  if (via === "") return detail;
  if (kind === "queued") return `GitHub queued the job${via}`;
  if (kind === "in_progress") return `running on ${job.runnerName ?? "a runner"}${via}`;
  if (kind === "completed") return `completed: ${job.conclusion ?? "unknown"}${via}`;
  return `${kind}${via}`;
}
