import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { startHfJobsSim, type HfJobsSim, type HfJobsSimOptions } from "../../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { findHfCli, runHf, type HfCli, type HfRun } from "../../support/hf-python-cli.js";
import { pollUntil } from "../../support/provider-test-tools.js";

/**
 * The simulator driven by the real huggingface_hub CLI (`hf jobs …`, 2.0.0): whatever the real
 * client sends that the simulator refuses, or answers in a shape the client cannot read, fails here.
 */
const SECRET = "CANARY-hf-cli-secret-71f0";

let cli: HfCli = { missing: "not looked up yet" };
let home = "";
let sim: HfJobsSim | undefined;

beforeAll(async () => {
  cli = await findHfCli();
  if ("missing" in cli) console.warn(`[hf-python-client] skipping the huggingface_hub CLI checks: ${cli.missing}`);
  home = await mkdtemp(join(tmpdir(), "offload-hf-home-"));
}, 400_000);

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The CLI, or a skip that says why there is none. */
function needCli(context: TestContext): { python: string } {
  if ("missing" in cli) return context.skip(cli.missing);
  return cli;
}

async function start(options: HfJobsSimOptions = {}): Promise<HfJobsSim> {
  sim = await startHfJobsSim({
    // A line per argument, then wait for a cancel when asked to.
    execute: async (job, io) => {
      for (const word of job.command.slice(1)) io.log(word);
      if (job.env["HOLD"] === "1") await new Promise((resolve) => io.signal.addEventListener("abort", resolve));
      return job.env["EXIT"] === undefined ? 0 : Number(job.env["EXIT"]);
    },
    ...options,
  });
  return sim;
}

async function hf(context: TestContext, s: HfJobsSim, ...args: string[]): Promise<HfRun> {
  return runHf(needCli(context), args, { endpoint: s.url, token: s.token, home });
}

function jobIdOf(run: HfRun): string {
  const id = /id: ([0-9a-f]{24})/.exec(run.stdout)?.[1];
  if (id === undefined) throw new Error(`no job id in: ${run.stdout}\n${run.stderr}`);
  return id;
}

/** A job created over HTTP, where how it was created is not what a test checks. */
async function createJob(s: HfJobsSim, command: string[], environment: Record<string, string> = {}, labels: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${s.url}/api/jobs/${s.namespace}`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
    body: JSON.stringify({ dockerImage: "ubuntu", command, arguments: [], environment, flavor: "cpu-basic", labels }),
  });
  return ((await response.json()) as { id: string }).id;
}

const json = (run: HfRun): Record<string, unknown>[] => JSON.parse(run.stdout) as Record<string, unknown>[];

describe("the HF Jobs simulator under huggingface_hub's own `hf jobs` CLI", () => {
  it("runs a detached job with env, a secret, a label, a flavor and a timeout, and lists and inspects it", async (context) => {
    const s = await start({ execute: (_job, io) => new Promise((resolve) => io.signal.addEventListener("abort", () => resolve(0))) });
    const run = await hf(context, s, "jobs", "run", "--detach", "-e", "GREETING=hi", "-s", `TOKEN_X=${SECRET}`, "-l", "team=ml", "--flavor", "t4-small", "--timeout", "5m", "ubuntu:24.04", "echo", "one");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Job started");
    const id = jobIdOf(run);
    expect(s.jobs()).toEqual([
      expect.objectContaining({ id, flavor: "t4-small", image: "ubuntu:24.04", command: ["echo", "one"], env: { GREETING: "hi" }, secretNames: ["TOKEN_X"], timeoutSeconds: 300 }),
    ]);
    expect(s.jobs()[0]?.labels).toMatchObject({ team: "ml", name: expect.stringMatching(/^ubuntu-24-04-[0-9a-f]{8}$/) });
    await pollUntil(() => (s.jobs()[0]?.stage === "RUNNING" ? true : undefined), "job to run");

    const [ps, inspect] = await Promise.all([
      hf(context, s, "jobs", "ps", "--format", "json"),
      hf(context, s, "jobs", "inspect", `${s.namespace}/${id}`, "--format", "json"),
    ]);
    expect(ps.code, ps.stderr).toBe(0);
    expect(json(ps).map((job) => [job["id"], job["status"]])).toEqual([[id, "RUNNING"]]);
    expect(s.calls.find((call) => call.method === "GET" && call.path === `/api/jobs/${s.namespace}`)?.status).toBe(200);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(json(inspect)[0]).toMatchObject({ id, flavor: "t4-small", environment: { GREETING: "hi" }, secrets: { TOKEN_X: "[encrypted]" }, status: { stage: "RUNNING" }, owner: { name: s.namespace } });
    expect([run, ps, inspect].map((r) => r.stdout + r.stderr).join("")).not.toContain(SECRET);
  });

  it("runs a job to the end, streaming its log lines without HF's banner", async (context) => {
    const s = await start();
    const run = await hf(context, s, "jobs", "run", "python:3.12", "say", "hello", "world");
    expect(run.code, run.stderr).toBe(0);
    const id = jobIdOf(run);
    expect(run.stdout).toContain(`hello\nworld\n`);
    expect(run.stdout).toContain(`Job ${id} completed`);
    expect(run.stdout).not.toContain("===== Job started");
  });

  it("fails `hf jobs run` with the stage and HF's message when the job errors", async (context) => {
    const s = await start();
    const run = await hf(context, s, "jobs", "run", "-e", "EXIT=3", "ubuntu", "false");
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("finished with stage 'ERROR': Job exited with code 3");
  });

  it("prints a finished job's logs, the last lines with --tail, and follows a running one until it ends", async (context) => {
    const s = await start();
    const done = await createJob(s, ["echo", "a", "b", "c"]);
    const held = await createJob(s, ["echo", "x"], { HOLD: "1" });
    await pollUntil(() => (s.jobs()[0]?.stage === "COMPLETED" ? true : undefined), "job to finish");
    const [logs, tail] = await Promise.all([hf(context, s, "jobs", "logs", done), hf(context, s, "jobs", "logs", "--tail", "1", done)]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toBe("a\nb\nc\n");
    expect(tail.stdout).toBe("c\n");

    await pollUntil(() => (s.jobs().find((job) => job.id === held)?.stage === "RUNNING" ? true : undefined), "held job to run");
    const following = hf(context, s, "jobs", "logs", "-f", held);
    await pollUntil(() => (s.openStreams() === 1 ? true : undefined), "the follow to connect", 30_000);
    await fetch(`${s.url}/api/jobs/${s.namespace}/${held}/cancel`, { method: "POST", headers: { authorization: `Bearer ${s.token}` } });
    const followed = await following;
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toBe("x\n");
  });

  it("cancels a running job, and reports HF's error text when the cancel is refused", async (context) => {
    const s = await start({ cancelFinishedStatus: 409 });
    const id = await createJob(s, ["sleep"], { HOLD: "1" });
    const cancel = await hf(context, s, "jobs", "cancel", id);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain("Job cancelled");
    expect(s.jobs()[0]?.stage).toBe("CANCELED");
    const again = await hf(context, s, "jobs", "cancel", id);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("409");
    expect(again.stderr).toContain(`Job ${id} has already finished (CANCELED)`);
  });

  it("reports an unknown job as huggingface_hub's JobNotFoundError", async (context) => {
    const s = await start();
    const inspect = await hf(context, s, "jobs", "inspect", "ffffffffffffffffffffffff");
    expect(inspect.code).not.toBe(0);
    expect(inspect.stderr).toContain("Job Not Found for url");
  });

  it("renames a job through PUT …/labels with `hf jobs labels`", async (context) => {
    const s = await start({ execute: (_job, io) => new Promise((resolve) => io.signal.addEventListener("abort", () => resolve(0))) });
    const id = await createJob(s, ["sleep"], {}, { name: "first" });
    const labels = await hf(context, s, "jobs", "labels", id, "--name", "second");
    expect(labels.code, labels.stderr).toBe(0);
    expect(s.jobs()[0]?.labels).toEqual({ name: "second" });
  });
});
