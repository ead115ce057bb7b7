import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDispatcherProcess } from "../src/sim/start-dispatcher-process.js";
import { sendHttp } from "../src/sim/send-http.js";
import { startSims } from "../src/sim/start-sims.js";
import { histogramQuantile, readBuckets, subtractBuckets } from "./support/histogram-quantile.js";
import { measureBareHttp } from "./support/measure-bare-http.js";
import { sendWebhooks, type PreparedDelivery } from "./support/webhook-sender.js";
import { forEachConcurrently, forEachPaced, quantile, round } from "./support/stats.js";

/** The dispatcher's own measure of the dispatch overhead (see create-metrics.ts). */
const OVERHEAD_METRIC = "offload_dispatch_overhead_seconds";

const FLAVOR_LABELS = ["hf-jobs-cpu-basic", "hf-jobs-t4-small", "hf-jobs-a10g-small", "hf-jobs-cpu-upgrade"];

export interface DispatchBenchOptions {
  readonly jobs: number;
  readonly concurrency: number;
  readonly githubLatencyMs: number;
  readonly hfLatencyMs: number;
  /** Jobs sent the same way before the measured ones, and not counted. */
  readonly warmUpJobs: number;
  /** Open loop: webhooks sent at this steady rate (still at most `concurrency` unanswered) instead of back to back. */
  readonly ratePerSecond?: number;
}

/**
 * Issue #2's benchmark: a burst of queued jobs sent to `offload serve` (a separate process) at a
 * fixed concurrency, over the simulators with GitHub and HF latency. Every job must complete.
 * Dispatch overhead = HF create arrival − webhook sent − that runner's generate-jitconfig round
 * trip, i.e. the time the dispatcher itself adds between the two upstream calls.
 */
export async function runDispatchBench(options: DispatchBenchOptions): Promise<Record<string, unknown>> {
  const sims = await startSims({ github: { latencyMs: options.githubLatencyMs, validate: false }, hfLatencyMs: options.hfLatencyMs, repos: ["acme/app"] });
  const dataDir = mkdtempSync(join(tmpdir(), "offload-bench-"));
  const dispatcher = await startDispatcherProcess(sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 5, logLevel: "warn" }));
  try {
    // Warm-up, not measured: jobs end to end as in the run, so the installation token is cached
    // and both processes' hot paths are compiled, as in a dispatcher that has been up a while
    // (in a cold process a fifth of the first 100 answers took over 8 ms).
    sims.github.setWebhookTarget(`${dispatcher.url}/webhook`);
    let warm = { id: 0 };
    const warmUp = async (label: string): Promise<void> => {
      const job = sims.github.queueJob({ repo: "acme/app", labels: [label], durationMs: 20, announce: false });
      warm = job;
      await deliver(dispatcher.url, sims.github.renderDelivery(job.id, "queued"));
    };
    const warmLabels = flavorLabels(options.warmUpJobs);
    if (options.ratePerSecond === undefined) await forEachConcurrently(warmLabels, options.concurrency, warmUp);
    else await forEachPaced(warmLabels, options.ratePerSecond, options.concurrency, warmUp);
    await sims.github.waitForAllJobsCompleted(60_000);
    await sims.github.settleDeliveries();
    // The machine's own floor, measured before the run with a real webhook body.
    const bareHttpMs = await measureBareHttp(sims.github.renderDelivery(warm.id, "queued").body);
    const overheadBefore = readBuckets(await (await fetch(`${dispatcher.url}/metrics`)).text(), OVERHEAD_METRIC);
    const callsBefore = sims.github.calls.length;
    const createsBefore = countCreates(sims.hf.calls);

    // Each job is queued on GitHub when its webhook is sent, as GitHub does; the bench sends the
    // queued webhook itself to time it. Queued long before its webhook, a job would look to the
    // poller like one whose webhook was lost.
    const labels = flavorLabels(options.jobs);
    const jobs: { id: number }[] = [];
    const cpuBefore = { dispatcher: dispatcher.cpuSeconds(), bench: process.cpuUsage() };
    const started = Date.now();
    const prepare = (): PreparedDelivery => {
      const job = sims.github.queueJob({ repo: "acme/app", labels: [labels[jobs.length] ?? "hf-jobs-cpu-basic"], durationMs: 20, announce: false });
      jobs.push(job);
      return { jobId: job.id, ...sims.github.renderDelivery(job.id, "queued") };
    };
    const { sent, lateStarts } = await sendWebhooks(
      { url: `${dispatcher.url}/webhook`, count: options.jobs, concurrency: options.concurrency, ratePerSecond: options.ratePerSecond ?? null },
      prepare,
    );
    const ackedAt = Date.now();
    const sentAt = new Map(sent.map((s) => [s.jobId, s.at]));
    const acks = sent.map((s) => s.ackMs);
    await sims.github.waitForAllJobsCompleted(600_000);
    await sims.github.settleDeliveries();
    const elapsedS = (Date.now() - started) / 1000;
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const cpuSeconds = { dispatcher: round(dispatcher.cpuSeconds() - cpuBefore.dispatcher, 2), simulators: round((benchCpu.user + benchCpu.system) / 1e6, 2) };

    const jit = new Map(sims.github.calls.filter((c) => c.subject !== null).map((c) => [c.subject as string, c]));
    const overheads: number[] = [];
    // The overhead in its two parts: webhook sent → generate-jitconfig arrived, and its answer → HF create arrived.
    const toGitHub: number[] = [];
    const toHf: number[] = [];
    for (const create of sims.hf.calls) {
      if (create.method !== "POST" || create.subject === null) continue;
      const jobId = Number(/^offload-(\d+)-/.exec(create.subject)?.[1]);
      const sent = sentAt.get(jobId);
      const registration = jit.get(create.subject);
      if (sent === undefined || registration === undefined) continue;
      overheads.push(create.receivedAt - sent - (registration.answeredAt - registration.receivedAt));
      toGitHub.push(registration.receivedAt - sent);
      toHf.push(create.receivedAt - registration.answeredAt);
    }
    const metrics = await (await fetch(`${dispatcher.url}/metrics`)).text();
    const measured = subtractBuckets(readBuckets(metrics, OVERHEAD_METRIC), overheadBefore);
    const passes = Number(/^offload_reconcile_duration_seconds_count (\S+)/m.exec(metrics)?.[1] ?? NaN);
    const passSeconds = Number(/^offload_reconcile_duration_seconds_sum (\S+)/m.exec(metrics)?.[1] ?? NaN);
    const launched = countCreates(sims.hf.calls) - createsBefore;
    const lastCreateAt = Math.max(...sims.hf.calls.filter((c) => c.method === "POST" && c.subject !== null).map((c) => c.receivedAt));
    const githubCalls = sims.github.calls.length - callsBefore;
    const completed = jobs.filter((j) => sims.github.job(j.id)?.status === "completed").length;
    return {
      jobs: options.jobs,
      warmUpJobs: options.warmUpJobs,
      concurrency: options.concurrency,
      ...(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond, lateStarts }),
      githubLatencyMs: options.githubLatencyMs,
      hfLatencyMs: options.hfLatencyMs,
      completed,
      launched,
      elapsedSeconds: round(elapsedS, 1),
      // Webhooks acknowledged per second while sending, and launches per second from the first webhook to the last HF create.
      webhooksPerSecond: round(acks.length / ((ackedAt - started) / 1000), 1),
      launchesPerSecond: round((launched) / ((lastCreateAt - started) / 1000), 1),
      ackMs: { p50: round(quantile(acks, 0.5)), p99: round(quantile(acks, 0.99)), max: round(Math.max(...acks)) },
      // The same POST answered by a bare Node server in another process, one every 10 ms: this machine's floor.
      bareHttpRoundTripMs: bareHttpMs,
      dispatchOverheadMs: {
        p50: round(quantile(overheads, 0.5)),
        p99: round(quantile(overheads, 0.99)),
        max: round(Math.max(...overheads)),
        samples: overheads.length,
        webhookToGitHub: { p50: round(quantile(toGitHub, 0.5)), p99: round(quantile(toGitHub, 0.99)) },
        gitHubToHf: { p50: round(quantile(toHf, 0.5)), p99: round(quantile(toHf, 0.99)) },
      },
      // The same overhead as the dispatcher measures it (offload_dispatch_overhead_seconds): from the
      // webhook's arrival to the compute request, minus the GitHub call; no transit, no simulator
      // pauses. Quantiles interpolated within the histogram's buckets, as Prometheus does.
      dispatcherMeasuredOverheadMs: {
        p50: round(histogramQuantile(measured, 0.5) * 1000),
        p99: round(histogramQuantile(measured, 0.99) * 1000),
        samples: measured.at(-1)?.count ?? 0,
      },
      githubCallsPerLaunchedJob: round(githubCalls / Math.max(1, launched), 3),
      reconcilePasses: passes,
      reconcileMsPerPass: round((passSeconds * 1000) / passes),
      peakRssMiB: round(dispatcher.peakRssMiB(), 1),
      // From the first webhook until every job completed: the dispatcher's process, and this one (simulators, runners, senders).
      cpuSeconds,
      dispatcherCpuMsPerJob: round((cpuSeconds.dispatcher * 1000) / options.jobs, 2),
    };
  } finally {
    await dispatcher.stop();
    await sims.close();
    if (process.env["BENCH_KEEP_DATA"] === undefined) rmSync(dataDir, { recursive: true, force: true });
    else console.error(`ledger kept in ${dataDir}`);
  }
}

/** `count` runs-on labels, taking the flavors in turn. */
function flavorLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => FLAVOR_LABELS[i % FLAVOR_LABELS.length] ?? "hf-jobs-cpu-basic");
}

function countCreates(calls: readonly { method: string; subject: string | null }[]): number {
  return calls.filter((c) => c.method === "POST" && c.subject !== null).length;
}

async function deliver(url: string, delivery: { headers: Record<string, string>; body: string }): Promise<void> {
  const response = await sendHttp(`${url}/webhook`, { method: "POST", headers: delivery.headers, body: delivery.body });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
}
