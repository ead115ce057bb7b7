import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimStack, type SimStack } from "../../src/sim/start-sim-stack.js";
import { closedPort, runOffload, startSseServer } from "../support/cli-runner.js";

let stack: SimStack | null = null;
let dataDir = "";

async function start(): Promise<SimStack> {
  dataDir = mkdtempSync(join(tmpdir(), "offload-cli-"));
  stack = await startSimStack({ dataDir });
  return stack;
}

const closers: (() => Promise<void>)[] = [];
/** A job as `GET /api/jobs/:id` shows it, for the stand-in dispatcher. */
const JOB_RECORD = { repo: "acme/app", status: "queued", conclusion: null, labels: ["hf-jobs-t4-small"], name: "gpu tests", routing: "pool", reason: "waiting for a runner", flavor: "t4-small" };
const FULL_PERMISSIONS = { administration: "write", organization_self_hosted_runners: "write", actions: "write", checks: "write", metadata: "read" } as const;

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await stack?.close();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function runOneJob(s: SimStack): Promise<number> {
  const job = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"], name: "gpu tests" });
  await s.github.waitForAllJobsCompleted(30_000);
  await s.github.settleDeliveries();
  return job.id;
}

describe("offload jobs", () => {
  it("lists the dispatcher's jobs as a plain table when piped, filtered by state", async () => {
    const s = await start();
    const jobId = await runOneJob(s);
    const run = await runOffload(["jobs", "--url", s.dispatcher.url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [header, row] = run.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^JOB\s+REPO\s+NAME\s+LABELS\s+FLAVOR\s+STATE\s+REASON$/);
    expect(row).toMatch(new RegExp(`^${jobId}\\s+acme/app\\s+gpu tests\\s+hf-jobs-t4-small\\s+t4-small\\s+completed/success`));
    expect(run.stdout).not.toContain("\u001b[");
    const queued = await runOffload(["jobs", "--url", s.dispatcher.url, "--state", "queued"]);
    expect(queued.stdout).toBe("no jobs match\n");
  });

  it("prints the API's JSON with --json", async () => {
    const s = await start();
    const jobId = await runOneJob(s);
    const run = await runOffload(["jobs", "--json", "--url", s.dispatcher.url, "--repo", "acme/app"]);
    expect((JSON.parse(run.stdout) as { jobId: number }[]).map((job) => job.jobId)).toEqual([jobId]);
  });

  it("says how to reach a dispatcher when nothing answers", async () => {
    const run = await runOffload(["jobs", "--url", `http://127.0.0.1:${await closedPort()}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed without an answer (ECONNREFUSED)");
    expect(run.stderr).toContain("fix: Start the dispatcher");
  });
});

describe("offload status", () => {
  it("shows readiness and the counts", async () => {
    const s = await start();
    await runOneJob(s);
    const run = await runOffload(["status", "--url", s.dispatcher.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`offload at ${s.dispatcher.url}: ready`);
    expect(run.stdout).toContain("✓ ledger: SQLite reachable");
    expect(run.stdout).toMatch(/jobs: 0 queued, 0 waiting, 0 in progress · runners: \d+ active/);
  });
});

describe("offload logs", () => {
  it("prints the runner's log that the provider kept for a finished job", async () => {
    const s = await start();
    const jobId = await runOneJob(s);
    const run = await runOffload(["logs", String(jobId), "--no-follow", "--url", s.dispatcher.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Listening for Jobs");
  });

  it("follows the log stream: line events to stdout, notices to stderr, until end", async () => {
    const server = await startSseServer([
      "event: line\ndata: {\"at\":\"2025-01-01T00:00:00Z\",\"text\":\"Listening for Jobs\"}\n\n",
      ": keep-alive\n\n",
      "event: line\ndata: {\"at\":\"2025-01-01T00:00:01Z\",\"text\":\"Running job: gpu tests\"}\n\n",
      "event: notice\ndata: {\"message\":\"The runner ended.\"}\n\n",
      "event: end\ndata: {\"message\":\"done\"}\n\n",
    ], { "/api/jobs/42": { job: { ...JOB_RECORD, jobId: 42 }, events: [], runners: [] } });
    closers.push(server.close);
    const run = await runOffload(["logs", "42", "--url", server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Listening for Jobs\nRunning job: gpu tests\n");
    expect(run.stderr).toBe("job 42 · acme/app · gpu tests · runs-on [hf-jobs-t4-small]\nqueued on t4-small, no runner yet: waiting for a runner\nThe runner ended.\n");
    expect(server.paths).toEqual(["/api/jobs/42", "/api/jobs/42/log"]);
  });

  it("says a refused job will not start, and why, instead of waiting for a log", async () => {
    const s = await start();
    const job = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-unknown-flavor"], name: "never runs" });
    await s.github.settleDeliveries();
    const url = `https://github.com/acme/app/actions/runs/${job.runId}/job/${job.id}`;
    const run = await runOffload(["logs", url, "--url", s.dispatcher.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`job ${job.id} · acme/app · never runs · runs-on [hf-jobs-unknown-flavor]\nwill not start on offload: `);
    expect(run.stderr).toContain("unknown-flavor");
  });

  it("refuses something that is neither a job id nor a GitHub job URL", async () => {
    const run = await runOffload(["logs", "https://github.com/acme/app/pull/3", "--url", `http://127.0.0.1:${await closedPort()}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("expected a numeric job id or a GitHub job URL");
  });
});

describe("offload cancel", () => {
  it("reports that the App may not cancel runs without actions: write, with the fix", async () => {
    const s = await start();
    // An installation of an App created before the manifest asked for actions: write.
    s.github.addInstallation({ account: "legacy", type: "Organization", repos: ["legacy/app"], permissions: { ...FULL_PERMISSIONS, actions: "read" } });
    const job = s.github.queueJob({ repo: "legacy/app", labels: ["hf-jobs-unknown-flavor"], name: "never runs" });
    await s.github.settleDeliveries();
    const run = await runOffload(["cancel", String(job.id), "--url", s.dispatcher.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("OFFLOAD_GITHUB_API");
    expect(run.stderr).toMatch(/fix:.*Actions: Read and write/);
  });

  it("cancels a queued job's run with the permissions the wizard's App has, given the job's GitHub URL", async () => {
    const s = await start();
    const job = s.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-unknown-flavor"], name: "never runs" });
    await s.github.settleDeliveries();
    const url = `https://github.com/acme/app/actions/runs/${job.runId}/job/${job.id}`;
    const run = await runOffload(["cancel", url, "--url", s.dispatcher.url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    await s.github.settleDeliveries();
    expect(s.github.job(job.id)?.conclusion).toBe("cancelled");
  });

  it("refuses a job that has already completed", async () => {
    const s = await start();
    const jobId = await runOneJob(s);
    const run = await runOffload(["cancel", String(jobId), "--url", s.dispatcher.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("409 OFFLOAD_CANCEL_REFUSED");
  });
});

describe("offload doctor", () => {
  it("passes every check against a working setup but the loopback webhook URL GitHub cannot reach", async () => {
    const s = await start();
    const env = { ...s.dispatcherEnv({ dataDir }), OFFLOAD_PUBLIC_URL: s.dispatcher.url };
    const run = await runOffload(["doctor"], env);
    expect(run.stdout).toContain(`✓ GitHub App: key accepted for App ${s.github.app.id}`);
    expect(run.stdout).toContain("✓ installation acme: has every permission offload uses");
    expect(run.stdout).toContain("✓ clock: within");
    expect(run.stdout).toContain("✗ webhook URL: 127.0.0.1 is a loopback address, which GitHub cannot reach: set OFFLOAD_PUBLIC_URL");
    expect(run.stdout).toContain("✓ HF token: token of offload-sim");
    expect(run.stdout).toContain("✓ HF namespace: jobs run in offload-sim");
    expect(run.stdout).toContain("✓ data directory:");
    expect(run.stdout).toContain("1 check failed");
    expect(run.code).toBe(1);
  });

  it("names the permission an installation lacks and the pages where to grant and accept it", async () => {
    const s = await start();
    const { installationId } = s.github.addInstallation({ account: "legacy", type: "Organization", repos: ["legacy/app"], permissions: { ...FULL_PERMISSIONS, actions: "read" } });
    const run = await runOffload(["doctor"], s.dispatcherEnv({ dataDir }));
    expect(run.stdout).toContain("✗ installation legacy: lacks actions: write (has read; needed for reading queued jobs and runs, and cancelling runs (offload cancel))");
    const web = s.config.github.webUrl.replace(/\/+$/, "");
    expect(run.stdout).toContain(`fix: Add them to the App at ${web}/settings/apps/${s.github.app.slug}/permissions (the App's owner), then accept them for legacy at ${web}/organizations/legacy/settings/installations/${installationId}.`);
    expect(run.stdout).toContain("✓ installation acme: has every permission offload uses");
  });

  it("tells a GitHub it cannot reach from a refused key", async () => {
    const s = await start();
    const port = await closedPort();
    const run = await runOffload(["doctor"], { ...s.dispatcherEnv({ dataDir }), GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expect(run.stdout).toContain(`✗ GitHub API: cannot reach 127.0.0.1:${port}: the connection was refused or dropped (ECONNREFUSED)`);
    const refused = await runOffload(["doctor"], { ...s.dispatcherEnv({ dataDir }), GH_APP_ID: "999999" });
    expect(refused.stdout).toMatch(/✗ GitHub App: GitHub refused the App's key/);
  });

  it("fails with the fix when the HF token is refused and the webhook URL does not answer", async () => {
    const s = await start();
    const publicUrl = `http://127.0.0.1:${await closedPort()}`;
    const env = { ...s.dispatcherEnv({ dataDir }), HF_TOKEN: "hf_wrong", OFFLOAD_PUBLIC_URL: publicUrl };
    const run = await runOffload(["doctor"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ HF token: GET '.*\/api\/whoami-v2' failed with 401/);
    expect(run.stdout).toContain("✗ webhook URL: 127.0.0.1 is a loopback address");
    expect(run.stdout).toMatch(/fix: Set HF_TOKEN/);
    expect(run.stdout).toContain("2 checks failed");
  });

  it("reports missing credentials and configuration problems", async () => {
    const run = await runOffload(["doctor"], { OFFLOAD_DATA_DIR: mkdtempSync(join(tmpdir(), "offload-cli-")), PORT: "nope", HF_TOKEN: "x", HF_NAMESPACE: "y", HF_ENDPOINT: "http://127.0.0.1:9" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ config PORT: PORT 'nope' in the environment");
    expect(run.stdout).toContain("✗ config: missing GH_APP_ID, GH_APP_PRIVATE_KEY, GH_WEBHOOK_SECRET");
    expect(run.stdout).toContain("- GitHub App: no GH_APP_ID");
  });
});
