import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { isOffloadError } from "../../../src/errors/offload-error.js";
import type { BackoffPolicy } from "../../../src/providers/backoff.js";
import { createHfJobsProvider, type HfJobsProviderOptions } from "../../../src/providers/hf-jobs/create-hf-jobs-provider.js";
import { hfStatusOf } from "../../../src/providers/hf-jobs/hf-api-error.js";
import type { LaunchSpec, Provider } from "../../../src/providers/provider.js";
import { startHfJobsSim, type HfJobsSim, type HfJobsSimOptions } from "../../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { createRecordingClock } from "../../support/hf-test-clocks.js";
import { collect, createCapturedLogger, pollUntil } from "../../support/provider-test-tools.js";

const JIT = "CANARY-jit-4b1d";
const FAST: BackoffPolicy = { baseMs: 1, maxMs: 4, factor: 2, jitter: 0, maxRetries: 3, maxRetryAfterMs: 30_000 };
const CREATE_PATH = /^\/api\/jobs\/[^/]+$/;

let sim: HfJobsSim | undefined;
let nameCounter = 0;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setUp(simOptions: HfJobsSimOptions = {}, providerOptions: Partial<HfJobsProviderOptions> = {}): Promise<{ sim: HfJobsSim; provider: Provider }> {
  sim = await startHfJobsSim({ seed: 3, ...simOptions });
  const provider = createHfJobsProvider({
    endpoint: sim.url,
    token: new Secret(sim.token),
    namespace: sim.namespace,
    dispatcherId: "app-42",
    backoff: FAST,
    ...providerOptions,
  });
  return { sim, provider };
}

function spec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  nameCounter += 1;
  return {
    runnerName: `offload-1-2-${nameCounter}`,
    flavor: "t4-small",
    image: "ghcr.io/example/runner:latest",
    command: ["/entrypoint.sh"],
    env: { RUNNER_LABELS: "hf-jobs-t4-small" },
    secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret(JIT) },
    timeoutSeconds: 3600,
    tags: {},
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a failure");
}

describe("hf-jobs provider", () => {
  it("sanitises tags into HF labels, so llama.cpp becomes llama_cpp", async () => {
    const { sim, provider } = await setUp();
    await provider.launch(spec({ runnerName: "offload.runner.1", tags: { repo: "ggml-org/llama.cpp", "gh.label": "hf-jobs-t4-small:cuda13", long: "x".repeat(150) } }));
    const [job] = sim.jobs();
    expect(job?.labels).toEqual({
      repo: "ggml-org_llama_cpp",
      gh_label: "hf-jobs-t4-small_cuda13",
      long: "x".repeat(100),
      "offload-dispatcher": "app-42",
      "offload-runner": "offload_runner_1",
    });
  });

  it("reads the exact runner name back even when its label had to be sanitised", async () => {
    const { provider } = await setUp();
    const { id } = await provider.launch(spec({ runnerName: "offload.runner.2" }));
    expect((await provider.inspect(id)).runnerName).toBe("offload.runner.2");
  });

  it("sends the JIT config only as a secret in the create body", async () => {
    const seen: { url: string; headers: string; body: string }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), headers: JSON.stringify(init?.headers ?? {}), body: typeof init?.body === "string" ? init.body : "" });
      return fetch(input, init);
    };
    const { sim, provider } = await setUp({}, { fetch: recordingFetch });
    const { id } = await provider.launch(spec());
    await provider.inspect(id);
    await provider.listOurs();
    const carrying = seen.filter((call) => JSON.stringify(call).includes(JIT));
    expect(carrying).toHaveLength(1);
    const body: unknown = JSON.parse(carrying[0]?.body ?? "{}");
    expect(body).toMatchObject({ secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: JIT }, arguments: [], flavor: "t4-small", timeoutSeconds: 3600 });
    expect(JSON.stringify((body as { environment: unknown }).environment)).not.toContain(JIT);
    expect(sim.jobs()[0]?.secretNames).toEqual(["ACTIONS_RUNNER_INPUT_JITCONFIG"]);
  });

  it("runs the runner bootstrap under bash when the spec brings no command", async () => {
    const { sim, provider } = await setUp();
    await provider.launch(spec({ command: [] }));
    const command = sim.jobs()[0]?.command ?? [];
    expect(command.slice(0, 2)).toEqual(["bash", "-c"]);
    expect(command[2]).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG");
  });

  it("retries an inspect that fails with 500 and then succeeds", async () => {
    const { sim, provider } = await setUp();
    const { id } = await provider.launch(spec());
    sim.faults.failNext({ method: "GET", path: new RegExp(`/${id}$`) }, 500);
    const status = await provider.inspect(id);
    expect(status.id).toBe(id);
    expect(sim.calls.filter((call) => call.path.endsWith(id)).map((call) => call.status)).toEqual([500, 200]);
  });

  it("creates with one call when nothing goes wrong: runner names are unique, so there is nothing to look up first", async () => {
    const { sim, provider } = await setUp();
    await provider.launch(spec());
    expect(sim.calls.map((call) => call.method)).toEqual(["POST"]);
  });

  it("does not create a second job when a create answers 500 after creating the first", async () => {
    const { sim, provider } = await setUp();
    sim.faults.failNext({ method: "POST", path: CREATE_PATH }, 500, 1, { phase: "after" });
    const { id } = await provider.launch(spec());
    expect(sim.jobs().map((job) => job.id)).toEqual([id]);
    expect(sim.calls.filter((call) => call.method === "POST").map((call) => call.status)).toEqual([500]);
  });

  it("waits as long as Retry-After asks before trying again", async () => {
    const clock = createRecordingClock();
    const { sim, provider } = await setUp({}, { clock });
    sim.faults.failNext({ method: "GET", path: /^\/api\/jobs\/[^/]+$/ }, 429, 1, { retryAfterSeconds: 7 });
    await expect(provider.listOurs()).resolves.toEqual([]);
    expect(clock.sleeps).toEqual([7_000]);
  });

  it("gives up at once when Retry-After is longer than the policy waits inside one call", async () => {
    const clock = createRecordingClock();
    const { sim, provider } = await setUp({}, { clock });
    sim.faults.failNext({ method: "GET", path: /^\/api\/jobs\/[^/]+$/ }, 429, 1, { retryAfterSeconds: 3_600 });
    const error = await failure(provider.listOurs());
    expect(hfStatusOf(error)).toBe(429);
    expect(clock.sleeps).toEqual([]);
  });

  it("stops retrying after the policy's last retry and reports the status", async () => {
    const { sim, provider } = await setUp();
    sim.faults.failNext({ method: "GET", path: /^\/api\/jobs\/[^/]+$/ }, 503, 10);
    const error = await failure(provider.listOurs());
    expect(isOffloadError(error, "OFFLOAD_PROVIDER_API")).toBe(true);
    expect(error.message).toContain("HF Jobs list failed with 503 simulated fault for 'offload-sim'");
    expect(sim.calls).toHaveLength(FAST.maxRetries + 1);
  });

  it("fails a create that HF refuses with 400 at once, quoting HF's reason", async () => {
    const { sim, provider } = await setUp();
    const error = await failure(provider.launch(spec({ flavor: "h100-huge" })));
    expect(error.message).toContain("HF Jobs create failed with 400 Invalid flavor 'h100-huge'");
    expect(hfStatusOf(error)).toBe(400);
    expect(sim.calls.filter((call) => call.method === "POST")).toHaveLength(1);
  });

  it("fails with a message naming HF_TOKEN, and never the token, when HF answers 401", async () => {
    const { sim } = await setUp();
    const { log, text } = createCapturedLogger();
    const provider = createHfJobsProvider({ endpoint: sim.url, token: new Secret("hf_wrong_CANARY"), namespace: sim.namespace, dispatcherId: "x", log });
    const error = await failure(provider.launch(spec()));
    expect(error.message).toContain("failed with 401");
    expect(error.message).toContain("HF_TOKEN");
    expect(hfStatusOf(error)).toBe(401);
    expect(JSON.stringify([error.message, (error as { remedy?: string }).remedy, text()])).not.toContain("hf_wrong_CANARY");
    expect(JSON.stringify(error)).not.toContain(JIT);
  });

  it("fails with a message naming HF_NAMESPACE when the namespace is not the token's", async () => {
    const { sim } = await setUp();
    const provider = createHfJobsProvider({ endpoint: sim.url, token: new Secret(sim.token), namespace: "someone-else", dispatcherId: "x" });
    const error = await failure(provider.listOurs());
    expect(hfStatusOf(error)).toBe(403);
    expect(error.message).toContain("HF_NAMESPACE");
    expect(error.message).toContain("'someone-else'");
  });

  it("reports a network failure with a null status after retrying, naming HF_ENDPOINT", async () => {
    const { sim } = await setUp();
    const url = sim.url;
    await sim.close();
    const clock = createRecordingClock();
    const provider = createHfJobsProvider({ endpoint: url, token: new Secret("t"), namespace: "ns", dispatcherId: "x", backoff: FAST, clock, random: () => 0 });
    const error = await failure(provider.inspect("abc"));
    expect(isOffloadError(error, "OFFLOAD_PROVIDER_API")).toBe(true);
    expect(hfStatusOf(error)).toBeNull();
    expect(error.message).toContain("HF_ENDPOINT");
    expect(clock.sleeps).toHaveLength(FAST.maxRetries);
  });

  it("reads a job whose environment or labels hold values that are not strings (huggingface_hub types them as any)", async () => {
    const job = { id: "j1", environment: { N: 3, OFFLOAD_RUNNER_NAME: "r1" }, labels: { x: null }, status: { stage: "RUNNING" } };
    const answer: typeof fetch = async () => new Response(JSON.stringify(job), { status: 200, headers: { "content-type": "application/json" } });
    const provider = createHfJobsProvider({ endpoint: "http://127.0.0.1:9", token: new Secret("t"), namespace: "ns", dispatcherId: "x", fetch: answer });
    expect(await provider.inspect("j1")).toMatchObject({ id: "j1", runnerName: "r1", state: "running" });
  });

  it("answers gone for a job HF does not know", async () => {
    const { provider } = await setUp();
    expect((await provider.inspect("ffffffffffffffffffffffff")).state).toBe("gone");
  });

  it("treats cancelling a finished or unknown job as done", async () => {
    const { provider } = await setUp();
    const { id } = await provider.launch(spec());
    await pollUntil(async () => ((await provider.inspect(id)).state === "succeeded" ? true : undefined), "job to finish");
    await expect(provider.cancel(id)).resolves.toBeUndefined();
    await expect(provider.cancel("ffffffffffffffffffffffff")).resolves.toBeUndefined();
    expect((await provider.inspect(id)).state).toBe("succeeded");
  });

  it.each([200, 400, 404, 409, 422] as const)("treats a cancel of a finished job answered %i as done", async (status) => {
    const { sim, provider } = await setUp({ cancelFinishedStatus: status });
    const { id } = await provider.launch(spec());
    await pollUntil(async () => ((await provider.inspect(id)).state === "succeeded" ? true : undefined), "job to finish");
    await expect(provider.cancel(id)).resolves.toBeUndefined();
    expect(sim.calls.filter((call) => call.path.endsWith("/cancel")).map((call) => call.status)).toEqual([status]);
  });

  it("follows a runner's log to its end when HF keeps the stream open after the job ended", async () => {
    const { provider } = await setUp({ keepLogStreamOpen: true, execute: async (_job, io) => (io.log("step 1"), io.log("step 2"), 0) }, { logQuietMs: 50 });
    const { id } = await provider.launch(spec());
    await pollUntil(async () => ((await provider.inspect(id)).state === "succeeded" ? true : undefined), "job to finish");
    const lines = await collect(provider.logs?.(id, { follow: true }) ?? []);
    expect(lines.map((line) => line.text)).toEqual(["step 1", "step 2"]);
  });

  it("maps a job that fails into failed with HF's message", async () => {
    const { provider } = await setUp({ execute: async () => 2 });
    const { id } = await provider.launch(spec());
    const status = await pollUntil(async () => {
      const s = await provider.inspect(id);
      return s.state === "failed" ? s : undefined;
    }, "job to fail");
    expect(status.message).toBe("Job exited with code 2");
  });

  it("lists only this dispatcher's jobs that still run, following Link pagination", async () => {
    // Jobs run until the simulator closes, so all five are RUNNING when listed.
    const { sim, provider } = await setUp({ pageSize: 2, execute: (_job, io) => new Promise((resolve) => io.signal.addEventListener("abort", () => resolve(143))) });
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await provider.launch(spec())).id);
    const other = createHfJobsProvider({ endpoint: sim.url, token: new Secret(sim.token), namespace: sim.namespace, dispatcherId: "someone-else" });
    await other.launch(spec());
    const before = sim.calls.length;
    const ours = await provider.listOurs();
    expect(ours.map((status) => status.id).sort()).toEqual([...ids].sort());
    expect(sim.calls.length - before).toBe(3);
  });
});
