import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sendHttp } from "../src/sim/send-http.js";
import { startDispatcherProcess, type DispatcherProcess } from "../src/sim/start-dispatcher-process.js";
import { startSims } from "../src/sim/start-sims.js";
import { startPostgresServer } from "../test/support/postgres-server.js";
import { sendWebhooks, type PreparedDelivery } from "./support/webhook-sender.js";
import { forEachConcurrently, quantile, round } from "./support/stats.js";

const FLAVOR_LABELS = ["hf-jobs-cpu-basic", "hf-jobs-t4-small", "hf-jobs-a10g-small", "hf-jobs-cpu-upgrade"];

export interface ReplicasBenchOptions {
  readonly jobs: number;
  readonly concurrency: number;
  readonly githubLatencyMs: number;
  readonly hfLatencyMs: number;
  readonly warmUpJobs: number;
}

/**
 * Issue #12 item 5: the dispatch burst (closed loop, `concurrency` senders) against one replica on
 * SQLite and against two replicas on one PostgreSQL, webhooks going to the replicas in turn as a
 * balancer would send them; then leader failover: the leader of two idle replicas is killed with
 * SIGKILL and the time until the other reports itself leader is measured, with the default lease
 * (10 s, renewed every 3 s).
 */
export async function runReplicasBench(options: ReplicasBenchOptions): Promise<Record<string, unknown>> {
  const postgres = await startPostgresServer();
  try {
    const sqlite = await runBurst(options, null, 1);
    const twoOnPostgres = await runBurst(options, await postgres.createDatabase(), 2);
    const failover = await measureFailover(await postgres.createDatabase());
    return { jobs: options.jobs, concurrency: options.concurrency, githubLatencyMs: options.githubLatencyMs, hfLatencyMs: options.hfLatencyMs, oneReplicaOnSqlite: sqlite, twoReplicasOnPostgres: twoOnPostgres, failover };
  } finally {
    await postgres.stop();
  }
}

async function runBurst(options: ReplicasBenchOptions, databaseUrl: string | null, replicas: number): Promise<Record<string, unknown>> {
  const sims = await startSims({ github: { latencyMs: options.githubLatencyMs, validate: false }, hfLatencyMs: options.hfLatencyMs, repos: ["acme/app"] });
  const dirs: string[] = [];
  const dispatchers: DispatcherProcess[] = [];
  try {
    for (let i = 0; i < replicas; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), "offload-bench-"));
      dirs.push(dataDir);
      const env = sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 5, logLevel: "warn" });
      dispatchers.push(await startDispatcherProcess(databaseUrl === null ? env : { ...env, DATABASE_URL: databaseUrl }));
    }
    const urls = dispatchers.map((d) => `${d.url}/webhook`);
    sims.github.setWebhookTargets(urls);
    // Warm-up, not measured: tokens cached and hot paths compiled in every replica.
    let turn = 0;
    await forEachConcurrently(labels(options.warmUpJobs), options.concurrency, async (label) => {
      const job = sims.github.queueJob({ repo: "acme/app", labels: [label], durationMs: 20, announce: false });
      const delivery = sims.github.renderDelivery(job.id, "queued");
      const response = await sendHttp(urls[turn++ % urls.length] as string, { method: "POST", headers: delivery.headers, body: delivery.body });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
    });
    await sims.github.waitForAllJobsCompleted(120_000);
    await sims.github.settleDeliveries();

    const createsBefore = countCreates(sims.hf.calls);
    const jobLabels = labels(options.jobs);
    const jobs: { id: number }[] = [];
    const cpuBefore = dispatchers.map((d) => d.cpuSeconds());
    const started = Date.now();
    const prepare = (): PreparedDelivery => {
      const job = sims.github.queueJob({ repo: "acme/app", labels: [jobLabels[jobs.length] ?? "hf-jobs-cpu-basic"], durationMs: 20, announce: false });
      jobs.push(job);
      return { jobId: job.id, ...sims.github.renderDelivery(job.id, "queued") };
    };
    const { sent } = await sendWebhooks({ url: urls[0] as string, urls, count: options.jobs, concurrency: options.concurrency, ratePerSecond: null }, prepare);
    await sims.github.waitForAllJobsCompleted(600_000);
    await sims.github.settleDeliveries();
    const cpu = dispatchers.map((d, i) => round(d.cpuSeconds() - (cpuBefore[i] ?? 0), 2));
    const creates = sims.hf.calls.filter((c) => c.method === "POST" && c.subject !== null);
    const launched = countCreates(sims.hf.calls) - createsBefore;
    const lastCreateAt = Math.max(...creates.map((c) => c.receivedAt));
    const acks = sent.map((s) => s.ackMs);
    const completed = jobs.filter((j) => sims.github.job(j.id)?.status === "completed").length;
    return {
      replicas,
      ledger: databaseUrl === null ? "sqlite" : "postgres",
      completed,
      launched,
      // More HF creates than jobs would be a job launched twice.
      extraLaunches: launched - options.jobs,
      launchesPerSecond: round(launched / ((lastCreateAt - started) / 1000), 1),
      ackMs: { p50: round(quantile(acks, 0.5)), p99: round(quantile(acks, 0.99)), max: round(Math.max(...acks)) },
      cpuSecondsPerReplica: cpu,
      cpuMsPerJobPerReplica: cpu.map((seconds) => round((seconds * 1000) / options.jobs, 2)),
      cpuMsPerJobAllReplicas: round((cpu.reduce((a, b) => a + b, 0) * 1000) / options.jobs, 2),
      peakRssMiBPerReplica: dispatchers.map((d) => round(d.peakRssMiB(), 1)),
    };
  } finally {
    await Promise.all(dispatchers.map((d) => d.stop()));
    await sims.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Two idle replicas with the default lease; the leader is killed; seconds until the other leads. */
async function measureFailover(databaseUrl: string): Promise<Record<string, unknown>> {
  const sims = await startSims({ repos: ["acme/app"] });
  const dirs: string[] = [];
  const dispatchers: DispatcherProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), "offload-bench-"));
      dirs.push(dataDir);
      dispatchers.push(await startDispatcherProcess({ ...sims.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 5, logLevel: "warn" }), DATABASE_URL: databaseUrl }));
    }
    const leader = await poll(async () => {
      const flags = await Promise.all(dispatchers.map(isLeader));
      return flags.filter(Boolean).length === 1 ? dispatchers[flags.indexOf(true)] : undefined;
    }, 30_000);
    const other = dispatchers.find((d) => d !== leader) as DispatcherProcess;
    const killedAt = Date.now();
    await leader.kill9();
    await poll(async () => ((await isLeader(other)) ? true : undefined), 60_000);
    return { leaseTtlSeconds: 10, renewSeconds: 3, secondsUntilNewLeader: round((Date.now() - killedAt) / 1000, 2) };
  } finally {
    await Promise.all(dispatchers.map((d) => d.stop()));
    await sims.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function isLeader(dispatcher: DispatcherProcess): Promise<boolean> {
  const text = await fetch(`${dispatcher.url}/metrics`).then((r) => r.text(), () => "");
  return /^offload_leader 1$/m.test(text);
}

/** Polls every 50 ms (a measurement loop, bounded by `timeoutMs`). */
async function poll<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function labels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => FLAVOR_LABELS[i % FLAVOR_LABELS.length] ?? "hf-jobs-cpu-basic");
}

function countCreates(calls: readonly { method: string; subject: string | null }[]): number {
  return calls.filter((c) => c.method === "POST" && c.subject !== null).length;
}
