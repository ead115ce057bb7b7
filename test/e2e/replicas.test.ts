import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDispatcherProcess, type DispatcherProcess } from "../../src/sim/start-dispatcher-process.js";
import { startSims, type Sims } from "../../src/sim/start-sims.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";
import { waitUntil } from "../support/wait-until.js";

let postgres: PostgresServer;
let sims: Sims | null = null;
const dispatchers: DispatcherProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  postgres = await startPostgresServer();
});
afterAll(async () => {
  await postgres.stop();
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
  await sims?.close();
  sims = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LABELS = [["hf-jobs-cpu-basic"], ["hf-jobs-t4-small"], ["self-hosted", "linux", "hf-jobs-a10g-small"], ["hf-jobs-cpu-upgrade"]];
const BURST = 300;

async function isLeader(dispatcher: DispatcherProcess): Promise<boolean> {
  const metrics = await fetch(`${dispatcher.url}/metrics`).then((r) => r.text(), () => "");
  return /^offload_leader 1$/m.test(metrics);
}

describe("two dispatcher replicas on one PostgreSQL ledger behind one webhook stream", () => {
  it("launch every job of a 300-job burst exactly once when one replica is killed with SIGKILL mid-burst, and leave nothing behind", async () => {
    sims = await startSims({ github: { latencyMs: 40 }, hfLatencyMs: 60 });
    const databaseUrl = await postgres.createDatabase();
    const start = async (): Promise<DispatcherProcess> => {
      const dataDir = mkdtempSync(join(tmpdir(), "offload-replica-"));
      dirs.push(dataDir);
      const env = { ...sims!.dispatcherEnv({ dataDir, reconcileIntervalSeconds: 1, logLevel: process.env["REPLICA_LOG"] ?? "silent" }), DATABASE_URL: databaseUrl, OFFLOAD_LEADER_LEASE_TTL: "5", OFFLOAD_LEADER_LEASE_RENEW: "1" };
      const logDir = process.env["REPLICA_LOG_DIR"];
      const dispatcher = await startDispatcherProcess(env, logDir === undefined ? {} : { logFile: join(logDir, `replica-${dispatchers.length}.log`) });
      dispatchers.push(dispatcher);
      return dispatcher;
    };
    const replicas = [await start(), await start()];
    const leader = await waitUntil("one replica elected leader", async () => {
      const flags = await Promise.all(replicas.map(isLeader));
      return flags.filter(Boolean).length === 1 ? replicas[flags.indexOf(true)] : undefined;
    });
    const survivor = replicas.find((replica) => replica !== leader)!;
    const github = sims.github;
    github.setWebhookTargets(replicas.map((replica) => `${replica.url}/webhook`));

    const jobs = Array.from({ length: BURST }, (_, i) => github.queueJob({ repo: "acme/app", labels: LABELS[i % LABELS.length] ?? [], durationMs: 100 }));
    // Mid-burst: half the queued webhooks answered, launches of both replicas under way.
    await waitUntil("half the burst acknowledged", () => github.deliveries.filter((d) => d.action === "queued" && d.statusCode === 200).length >= BURST / 2);
    await leader!.kill9();
    // The balancer takes the dead replica out: the rest of the stream goes to the survivor, and
    // what was sent to the dead one is found again by the new leader's poller.
    github.setWebhookTargets([`${survivor.url}/webhook`]);
    await waitUntil("the survivor took over as leader", () => isLeader(survivor), 15_000);

    await github.waitForAllJobsCompleted(90_000);
    const finished = jobs.map((job) => github.job(job.id));
    expect(finished.filter((job) => job?.status !== "completed" || job.conclusion !== "success")).toEqual([]);
    expect(new Set(finished.map((job) => job?.runnerName)).size).toBe(BURST);
    // Exactly one HF job per runner and one runner per job: nothing launched twice by two replicas.
    const creates = new Map<string, number>();
    for (const hfJob of sims.hf.jobs()) creates.set(hfJob.labels["offload-runner"] ?? hfJob.id, (creates.get(hfJob.labels["offload-runner"] ?? hfJob.id) ?? 0) + 1);
    expect([...creates.values()].filter((count) => count > 1)).toEqual([]);
    expect(sims.hf.jobs()).toHaveLength(BURST);
    await waitUntil("no runner registration left on GitHub", () => github.runners().length === 0, 30_000);
    await waitUntil("no compute left running", () => sims!.hf.jobs().every((job) => ["COMPLETED", "ERROR", "CANCELED"].includes(job.stage)), 30_000);
    expect(github.violations).toEqual([]);
  }, 180_000);
});
