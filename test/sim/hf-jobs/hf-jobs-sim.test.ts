import { afterEach, describe, expect, it } from "vitest";
import { startHfJobsSim, type ExecutorJob, type HfJobsSim, type HfJobsSimOptions } from "../../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { createManualClock } from "../../support/hf-test-clocks.js";
import { pollUntil } from "../../support/provider-test-tools.js";

let sim: HfJobsSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: HfJobsSimOptions = {}): Promise<HfJobsSim> {
  sim = await startHfJobsSim({ seed: 11, ...options });
  return sim;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(s: HfJobsSim, method: string, path: string, body?: unknown, token: string | null = s.token): Promise<Answer> {
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? null : (JSON.parse(text) as unknown) };
}

const jobSpec = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  dockerImage: "ubuntu:24.04",
  command: ["bash", "-c", "echo hi"],
  arguments: [],
  environment: { A: "1" },
  secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: "CANARY-sim-secret" },
  flavor: "t4-small",
  labels: { "offload-runner": "r1" },
  ...overrides,
});

const stageOf = (answer: Answer): string => (answer.body as { status: { stage: string } }).status.stage;
const idOf = (answer: Answer): string => (answer.body as { id: string }).id;

async function settled(s: HfJobsSim, id: string): Promise<Answer> {
  return pollUntil(async () => {
    const answer = await call(s, "GET", `/api/jobs/${s.namespace}/${id}`);
    return ["COMPLETED", "ERROR", "CANCELED"].includes(stageOf(answer)) ? answer : undefined;
  }, `job ${id} to end`);
}

/** Reads a streamed body until `enough` says so (or it ends), then cancels it. */
async function readUntil(response: Response, enough: (text: string) => boolean): Promise<string> {
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (reader !== undefined && !enough(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += chunk.value;
  }
  await reader?.cancel();
  return text;
}

describe("HF Jobs simulator", () => {
  it("answers 401 without a token or with a wrong one, and 403 for another namespace", async () => {
    const s = await start();
    expect((await call(s, "GET", `/api/jobs/${s.namespace}`, undefined, null)).status).toBe(401);
    const wrong = await call(s, "GET", `/api/jobs/${s.namespace}`, undefined, "hf_wrong");
    expect(wrong).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    expect((await call(s, "POST", "/api/jobs/someone-else", jobSpec())).status).toBe(403);
  });

  it.each([
    ["both an image and a Space", { spaceId: "owner/space" }, "exactly one of dockerImage or spaceId"],
    ["neither an image nor a Space", { dockerImage: undefined }, "exactly one of dockerImage or spaceId"],
    ["an unknown flavor", { flavor: "h100-huge" }, "Invalid flavor 'h100-huge'"],
    ["a label with a dot", { labels: { repo: "llama.cpp" } }, "Invalid label 'repo=llama.cpp'"],
    ["a label longer than 100 characters", { labels: { k: "x".repeat(101) } }, "Invalid label"],
    ["a command that is not a list", { command: "echo hi" }, "command"],
  ])("refuses a job with %s with 400", async (_what, overrides, error) => {
    const s = await start();
    const answer = await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec(overrides));
    expect(answer.status).toBe(400);
    expect((answer.body as { error: string }).error).toContain(error);
    expect(s.jobs()).toEqual([]);
  });

  it("records a call as received before its simulated latency, so benchmarks can subtract the whole wait", async () => {
    // Regression: the arrival was stamped after the latency, which the dispatch benchmark then
    // counted as 60 ms of dispatcher overhead per launch.
    const s = await start({ latencyMs: 30 });
    await call(s, "GET", `/api/jobs/${s.namespace}`);
    const [listed] = s.calls;
    expect(listed?.answeredAt).toBeGreaterThanOrEqual((listed?.receivedAt ?? Infinity) + 29);
  });

  it("serves the hardware catalogue and whoami", async () => {
    const s = await start({ namespace: "lab" });
    const hardware = (await call(s, "GET", "/api/jobs/hardware")).body as { name: string; accelerator: unknown }[];
    expect(hardware.find((h) => h.name === "t4-small")).toMatchObject({ accelerator: { model: "T4", quantity: "1" }, unitLabel: "minute" });
    expect(hardware.find((h) => h.name === "cpu-basic")?.accelerator).toBeNull();
    expect((await call(s, "GET", "/api/whoami-v2")).body).toEqual({ name: "lab", type: "user", auth: { accessToken: { role: "write" } }, orgs: [] });
  });

  it("moves a job from SCHEDULING through RUNNING to COMPLETED, never echoing secret values", async () => {
    const clock = createManualClock();
    const s = await start({ clock, schedulingDelayMs: 5_000 });
    const created = await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec());
    expect(stageOf(created)).toBe("SCHEDULING");
    clock.advance(5_000);
    const done = await settled(s, idOf(created));
    expect(done.body).toMatchObject({
      status: { stage: "COMPLETED", message: null },
      environment: { A: "1" },
      secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: "[encrypted]" },
      labels: { "offload-runner": "r1" },
      timeoutSeconds: 1800,
      durations: { schedulingSecs: 5 },
    });
    expect(JSON.stringify(done.body)).not.toContain("CANARY-sim-secret");
    expect(s.jobs()[0]).toMatchObject({ stage: "COMPLETED", secretNames: ["ACTIONS_RUNNER_INPUT_JITCONFIG"], image: "ubuntu:24.04" });
  });

  it("gives the container HF's variables and the decrypted secrets", async () => {
    const seen: ExecutorJob[] = [];
    const s = await start({ execute: async (job) => (seen.push(job), 0) });
    const gpu = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec({ flavor: "cpu-basic" }));
    await pollUntil(() => (seen.length === 2 ? true : undefined), "both containers to run");
    expect(seen[0]?.env).toEqual({ A: "1", JOB_ID: gpu, ACCELERATOR: "t4-small", CPU_CORES: "4", MEMORY: "15Gi" });
    expect(seen[0]?.secrets).toEqual({ ACTIONS_RUNNER_INPUT_JITCONFIG: "CANARY-sim-secret" });
    expect(seen[1]?.env).toMatchObject({ ACCELERATOR: "none", CPU_CORES: "2", MEMORY: "16Gi" });
  });

  it("ends a job in ERROR with a message when it exits non-zero or throws", async () => {
    const s = await start({ execute: async (job) => (job.env["A"] === "throw" ? Promise.reject(new Error("image pull failed")) : 5) });
    const exits = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    const throws = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec({ environment: { A: "throw" } })));
    expect((await settled(s, exits)).body).toMatchObject({ status: { stage: "ERROR", message: "Job exited with code 5" } });
    expect((await settled(s, throws)).body).toMatchObject({ status: { stage: "ERROR", message: "image pull failed" } });
  });

  it("stops a job at its timeout with ERROR and aborts the container", async () => {
    const clock = createManualClock();
    let aborted = false;
    const s = await start({
      clock,
      execute: (_job, io) => new Promise((resolve) => io.signal.addEventListener("abort", () => ((aborted = true), resolve(143)))),
    });
    const id = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec({ timeoutSeconds: 60 })));
    await pollUntil(async () => (stageOf(await call(s, "GET", `/api/jobs/${s.namespace}/${id}`)) === "RUNNING" ? true : undefined), "job to run");
    clock.advance(60_000);
    expect((await settled(s, id)).body).toMatchObject({ status: { stage: "ERROR", message: "Job timed out after 60 seconds" } });
    expect(aborted).toBe(true);
  });

  it("cancels a running job, aborting its container, and answers a second cancel unchanged", async () => {
    let signal: AbortSignal | undefined;
    const s = await start({ execute: (_job, io) => ((signal = io.signal), new Promise(() => undefined)) });
    const id = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    await pollUntil(() => signal, "container to start");
    const cancelled = await call(s, "POST", `/api/jobs/${s.namespace}/${id}/cancel`);
    expect(stageOf(cancelled)).toBe("CANCELED");
    expect(signal?.aborted).toBe(true);
    expect(stageOf(await call(s, "POST", `/api/jobs/${s.namespace}/${id}/cancel`))).toBe("CANCELED");
    expect((await call(s, "POST", `/api/jobs/${s.namespace}/000000000000000000000000/cancel`)).status).toBe(404);
  });

  it("lists newest first, filters by labels (all must match) and stage, and pages with Link", async () => {
    const s = await start({ pageSize: 2, execute: async (job) => (job.env["A"] === "fail" ? 1 : 0) });
    const ids: string[] = [];
    for (const [who, a] of [["x", "1"], ["x", "1"], ["y", "1"], ["x", "fail"]] as const) {
      ids.push(idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec({ labels: { who, kind: "runner" }, environment: { A: a } }))));
    }
    for (const id of ids) await settled(s, id);
    const first = await call(s, "GET", `/api/jobs/${s.namespace}?label=who%3Dx&label=kind%3Drunner`);
    expect((first.body as { id: string }[]).map((j) => j.id)).toEqual([ids[3], ids[1]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1] ?? "";
    const second = await call(s, "GET", next.slice(s.url.length));
    expect((second.body as { id: string }[]).map((j) => j.id)).toEqual([ids[0]]);
    expect(second.headers.get("link")).toBeNull();
    const failed = await call(s, "GET", `/api/jobs/${s.namespace}?stage=error`);
    expect((failed.body as { id: string }[]).map((j) => j.id)).toEqual([ids[3]]);
  });

  it("streams logs as HF does, one data line after another with no blank lines: banner first, then the lines, ending with the job", async () => {
    const s = await start({ execute: async (_job, io) => (io.log("one"), io.log("two"), 0) });
    const id = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    await settled(s, id);
    const response = await fetch(`${s.url}/api/jobs/${s.namespace}/${id}/logs`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const text = await response.text();
    expect(text).not.toContain("\n\n");
    const events = text.split("\n").filter((e) => e !== "");
    const data = events.map((e) => (JSON.parse(e.slice("data: ".length)) as { data: string; timestamp: string }).data);
    expect(data[0]).toMatch(/^===== Job started at .* =====$/);
    expect(data.slice(1)).toEqual(["one", "two"]);
    const tail = await fetch(`${s.url}/api/jobs/${s.namespace}/${id}/logs?tail=1`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(await tail.text()).toBe(`${events.at(-1) ?? ""}\n`);
  });

  it("frames log events with blank lines when asked for standard SSE", async () => {
    const s = await start({ logFraming: "sse", execute: async (_job, io) => (io.log("one"), 0) });
    const id = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    await settled(s, id);
    const response = await fetch(`${s.url}/api/jobs/${s.namespace}/${id}/logs`, { headers: { authorization: `Bearer ${s.token}` } });
    const events = (await response.text()).split("\n\n").filter((e) => e !== "");
    expect(events.map((e) => (JSON.parse(e.slice("data: ".length)) as { data: string }).data).slice(1)).toEqual(["one"]);
  });

  it("keeps a log stream open after its job ended when asked, sending keep-alives", async () => {
    const s = await start({ keepLogStreamOpen: true, keepAliveMs: 5, execute: async (_job, io) => (io.log("only"), 0) });
    const id = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    await settled(s, id);
    const response = await fetch(`${s.url}/api/jobs/${s.namespace}/${id}/logs`, { headers: { authorization: `Bearer ${s.token}` } });
    const text = await readUntil(response, (t) => t.split(": keep-alive\n").length > 3);
    expect(text).toContain('"data":"only"');
  });

  it("sends keep-alive comments while a running job is quiet", async () => {
    const s = await start({ keepAliveMs: 5, execute: (_job, io) => new Promise((resolve) => io.signal.addEventListener("abort", () => resolve(0))) });
    const id = idOf(await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec()));
    const response = await fetch(`${s.url}/api/jobs/${s.namespace}/${id}/logs`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(await readUntil(response, (t) => t.includes(": keep-alive\n"))).toContain(": keep-alive\n");
  });

  it("injects faults before or after handling, with Retry-After, and records every call", async () => {
    const s = await start();
    s.faults.failNext({ method: "POST", path: /^\/api\/jobs\/[^/]+$/ }, 503, 1, { retryAfterSeconds: 2 });
    const refused = await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec());
    expect(refused).toMatchObject({ status: 503, body: { error: "simulated fault" } });
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(s.jobs()).toHaveLength(0);
    s.faults.failNext({ path: /^\/api\/jobs\/[^/]+$/ }, 500, 1, { phase: "after" });
    expect((await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec())).status).toBe(500);
    expect(s.jobs()).toHaveLength(1);
    expect((await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec())).status).toBe(200);
    expect(s.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ["POST", `/api/jobs/${s.namespace}`, 503],
      ["POST", `/api/jobs/${s.namespace}`, 500],
      ["POST", `/api/jobs/${s.namespace}`, 200],
    ]);
  });

  it("aborts running containers when it closes", async () => {
    let signal: AbortSignal | undefined;
    const s = await start({ execute: (_job, io) => ((signal = io.signal), new Promise(() => undefined)) });
    await call(s, "POST", `/api/jobs/${s.namespace}`, jobSpec());
    await pollUntil(() => signal, "container to start");
    await s.close();
    sim = undefined;
    expect(signal?.aborted).toBe(true);
  });
});
