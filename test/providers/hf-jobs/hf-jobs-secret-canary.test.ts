import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import type { BackoffPolicy } from "../../../src/providers/backoff.js";
import { createHfJobsProvider } from "../../../src/providers/hf-jobs/create-hf-jobs-provider.js";
import type { LaunchSpec } from "../../../src/providers/provider.js";
import { startHfJobsSim, type ExecutorJob, type HfJobsSim } from "../../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { collect, createCapturedLogger, pollUntil } from "../../support/provider-test-tools.js";

const JIT = "CANARY-jit-config-hf-5e21";
const HF_TOKEN = "hf_CANARY-token-hf-a9c4";
const FAST: BackoffPolicy = { baseMs: 1, maxMs: 2, factor: 2, jitter: 0, maxRetries: 1, maxRetryAfterMs: 1_000 };

let sim: HfJobsSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A fetch that keeps what went out (bodies) and what came back (bodies, streams included, as they arrive). */
function recordingFetch(): { fetch: typeof fetch; sent: string[]; answers: string[] } {
  const sent: string[] = [];
  const answers: string[] = [];
  const record: typeof fetch = async (input, init) => {
    if (typeof init?.body === "string") sent.push(init.body);
    const response = await fetch(input, init);
    if (response.body === null) return response;
    // Tapped rather than cloned: a clone's branch would hold a stream open after the reader cancels it.
    const index = answers.push("") - 1;
    const decoder = new TextDecoder();
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        answers[index] += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(tap), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: record, sent, answers };
}

/** Everything an error shows: its message, remedy, stack and causes, and its JSON. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth += 1) {
    parts.push(current.message, current.stack ?? "", JSON.stringify(current), String((current as { remedy?: unknown }).remedy ?? ""));
  }
  return parts.join("\n");
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

const spec = (runnerName: string, overrides: Partial<LaunchSpec> = {}): LaunchSpec => ({
  runnerName,
  flavor: "t4-small",
  image: "ghcr.io/example/runner:latest",
  command: ["/entrypoint.sh"],
  env: { RUNNER_LABELS: "hf-jobs-t4-small" },
  secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret(JIT) },
  timeoutSeconds: 600,
  tags: { repo: "octo/app" },
  ...overrides,
});

describe("hf-jobs provider secrets canary", () => {
  it("hands the JIT config over only as an HF secret: never in plain env, logs, errors or API answers", async () => {
    const containers: ExecutorJob[] = [];
    sim = await startHfJobsSim({
      token: HF_TOKEN,
      keepLogStreamOpen: true,
      cancelFinishedStatus: 409,
      execute: async (job, io) => {
        containers.push(job);
        io.log(`runner ${job.env["OFFLOAD_RUNNER_NAME"] ?? "?"} configured from ${Object.keys(job.secrets).join(",")}`);
        if (job.env["RUNNER_LABELS"] === "hold") await new Promise((resolve) => io.signal.addEventListener("abort", resolve));
        return 0;
      },
    });
    const s = sim;
    const { log, text } = createCapturedLogger();
    const recorder = recordingFetch();
    const provider = createHfJobsProvider({ endpoint: s.url, token: new Secret(HF_TOKEN), namespace: s.namespace, dispatcherId: "canary", log, fetch: recorder.fetch, backoff: FAST, logQuietMs: 50, logIdleMs: 200 });
    const errors: unknown[] = [];

    // A runner that runs to the end: launch, inspect, list, logs (drained and followed), cancel twice.
    const done = await provider.launch(spec("offload-canary-1"));
    const held = await provider.launch(spec("offload-canary-2", { env: { RUNNER_LABELS: "hold" } }));
    await pollUntil(async () => ((await provider.inspect(done.id)).state === "succeeded" ? true : undefined), "the first runner to finish");
    await provider.listOurs();
    const lines = [
      ...(await collect(provider.logs?.(done.id, { follow: false }) ?? [])),
      // The stream stays open after the job ended; the follow still ends.
      ...(await collect(provider.logs?.(done.id, { follow: true }) ?? [])),
    ];
    await provider.cancel(held.id);
    await provider.cancel(held.id);

    // Error paths: a refused create, a create answered 500 after it happened, a wrong token, an unreachable endpoint.
    errors.push(await failure(provider.launch(spec("offload-canary-3", { flavor: "h100-huge" }))));
    s.faults.failNext({ method: "POST", path: /^\/api\/jobs\/[^/]+$/ }, 500, 5);
    errors.push(await failure(provider.launch(spec("offload-canary-4"))));
    const wrongToken = createHfJobsProvider({ endpoint: s.url, token: new Secret(`${HF_TOKEN}-old`), namespace: s.namespace, dispatcherId: "canary", log, backoff: FAST });
    errors.push(await failure(wrongToken.launch(spec("offload-canary-5"))));
    const unreachable = createHfJobsProvider({ endpoint: "http://127.0.0.1:9", token: new Secret(HF_TOKEN), namespace: s.namespace, dispatcherId: "canary", log, backoff: FAST });
    errors.push(await failure(unreachable.launch(spec("offload-canary-6"))));

    // The channel works: the container got the JIT config as a secret, and only there.
    expect(containers[0]?.secrets).toEqual({ ACTIONS_RUNNER_INPUT_JITCONFIG: JIT });
    expect(s.jobs()[0]?.secretNames).toEqual(["ACTIONS_RUNNER_INPUT_JITCONFIG"]);
    expect(lines.map((line) => line.text)).toContain("runner offload-canary-1 configured from ACTIONS_RUNNER_INPUT_JITCONFIG");
    expect(errors).toHaveLength(4);

    const plainEnv = JSON.stringify([...s.jobs().map((job) => job.env), ...containers.map((job) => job.env)]);
    const sentEnv = JSON.stringify(recorder.sent.map((body) => (JSON.parse(body) as { environment?: unknown }).environment ?? null));
    const seen = {
      plainEnv,
      sentEnv,
      logs: text(),
      logLines: JSON.stringify(lines),
      errors: errors.map(everythingIn).join("\n"),
      answers: recorder.answers.join("\n"),
    };
    expect(seen.answers).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG");
    expect(seen.errors).toContain("401");
    for (const [where, value] of Object.entries(seen)) {
      for (const canary of [JIT, HF_TOKEN]) expect(value.includes(canary), `${canary} in ${where}`).toBe(false);
    }
  });
});
