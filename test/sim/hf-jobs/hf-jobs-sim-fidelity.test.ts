import { afterEach, describe, expect, it } from "vitest";
import { HUB_NOT_FOUND_ERROR, startHfJobsSim, type CancelFinishedStatus, type HfJobsSim, type HfJobsSimOptions } from "../../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { pollUntil } from "../../support/provider-test-tools.js";

let sim: HfJobsSim | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: HfJobsSimOptions = {}): Promise<HfJobsSim> {
  sim = await startHfJobsSim({ seed: 5, ...options });
  return sim;
}

interface Answer {
  status: number;
  body: unknown;
}

async function call(s: HfJobsSim, method: string, path: string, options: { body?: unknown; raw?: string; token?: string | null; type?: string } = {}): Promise<Answer> {
  const token = options.token === undefined ? s.token : options.token;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const type = options.type ?? (payload === undefined ? undefined : "application/json");
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(type === undefined ? {} : { "content-type": type }) },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
}

const spec = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  dockerImage: "ubuntu:24.04",
  command: ["true"],
  arguments: [],
  environment: {},
  flavor: "cpu-basic",
  ...overrides,
});

async function create(s: HfJobsSim, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const answer = await call(s, "POST", `/api/jobs/${s.namespace}`, { body: spec(overrides) });
  expect(answer.status).toBe(200);
  return answer.body as Record<string, unknown>;
}

async function ended(s: HfJobsSim, id: string): Promise<void> {
  await pollUntil(() => (["COMPLETED", "ERROR", "CANCELED"].includes(s.jobs().find((job) => job.id === id)?.stage ?? "") ? true : undefined), `job ${id} to end`);
}

const forever: HfJobsSimOptions["execute"] = (_job, io) => new Promise((resolve) => io.signal.addEventListener("abort", () => resolve(143)));

describe("HF Jobs simulator, where it must refuse what HF refuses", () => {
  it.each([
    ["a field HF does not know", { dockerimage: "typo:1" }, "unknown field 'dockerimage'"],
    ["an unknown field inside a volume", { volumes: [{ type: "bucket", source: "o/b", mountPath: "/data", mode: "rw" }] }, "unknown field 'mode' in volumes.0"],
    ["a volume of an unknown type", { volumes: [{ type: "disk", source: "o/b", mountPath: "/data" }] }, "volumes.0.type"],
    ["a timeout that is not a whole number of seconds", { timeoutSeconds: 1.5 }, "timeoutSeconds"],
    ["an unknown architecture", { arch: "riscv" }, "arch"],
  ])("refuses a create with %s with 400 and HF's error shape, creating nothing", async (_what, overrides, error) => {
    const s = await start();
    const answer = await call(s, "POST", `/api/jobs/${s.namespace}`, { body: spec(overrides) });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body as object)).toEqual(["error"]);
    expect((answer.body as { error: string }).error).toContain(error);
    expect(s.jobs()).toEqual([]);
  });

  it("accepts and echoes the documented optional fields: volumes, expose, ssh, network, arch, attempts, resource group", async () => {
    const s = await start({ execute: forever });
    const volume = { type: "dataset", source: "org/ds", mountPath: "/data", readOnly: true };
    const job = await create(s, {
      volumes: [volume],
      expose: { ports: [8000] },
      ssh: { enabled: true },
      network: { group: "train", aliases: ["master"] },
      arch: "arm64",
      attempts: 2,
      resourceGroupId: "rg-1",
      timeoutSeconds: 300,
    });
    const id = String(job["id"]);
    expect(job).toMatchObject({
      volumes: [volume],
      arch: "arm64",
      attempts: 2,
      timeoutSeconds: 300,
      network: { group: "train", aliases: ["master"] },
      resourceGroupId: "rg-1",
      status: { exposeUrls: [`https://${id}--8000.hf.jobs`], sshUrl: `ssh://${id}@ssh.hf.jobs` },
    });
    const plain = await create(s);
    expect(plain["status"]).not.toHaveProperty("exposeUrls");
    expect(plain["status"]).not.toHaveProperty("sshUrl");
    expect(plain).not.toHaveProperty("network");
  });

  it("refuses a list filtered on a stage HF does not document, such as UPDATING", async () => {
    const s = await start();
    const answer = await call(s, "GET", `/api/jobs/${s.namespace}?stage=RUNNING&stage=UPDATING`);
    expect(answer.status).toBe(400);
    expect((answer.body as { error: string }).error).toContain("Invalid stage 'UPDATING'");
    expect((await call(s, "GET", `/api/jobs/${s.namespace}?stage=scheduling&stage=RUNNING`)).status).toBe(200);
  });

  it("answers a path it has no route for as the hub does: 404 with its error text, token or not", async () => {
    const s = await start();
    const id = String((await create(s))["id"]);
    for (const [method, path, token] of [
      ["GET", "/api/nothing-here", s.token],
      ["GET", "/api/nothing-here", null],
      ["DELETE", `/api/jobs/${s.namespace}/${id}`, s.token],
      ["POST", `/api/jobs/${s.namespace}/${id}/restart`, s.token],
    ] as const) {
      expect(await call(s, method, path, { token })).toEqual({ status: 404, body: { error: HUB_NOT_FOUND_ERROR } });
    }
  });

  it("answers malformed JSON with 400 in HF's error shape, and takes an empty JSON body as no body", async () => {
    const s = await start({ execute: forever });
    const bad = await call(s, "POST", `/api/jobs/${s.namespace}`, { raw: "{not json" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body as object)).toEqual(["error"]);
    const id = String((await create(s))["id"]);
    // The JS client cancels with `Content-Type: application/json` and no body (reference §2).
    const cancelled = await call(s, "POST", `/api/jobs/${s.namespace}/${id}/cancel`, { raw: "", type: "application/json" });
    expect(cancelled).toMatchObject({ status: 200, body: { status: { stage: "CANCELED" } } });
  });

  it("replaces a job's labels with PUT …/labels, clears them with {}, and refuses bad labels", async () => {
    const s = await start({ execute: forever });
    const id = String((await create(s, { labels: { a: "1", b: "2" } }))["id"]);
    const path = `/api/jobs/${s.namespace}/${id}/labels`;
    expect(await call(s, "PUT", path, { body: { labels: { c: "3" } } })).toMatchObject({ status: 200, body: { id, labels: { c: "3" } } });
    expect(s.jobs()[0]?.labels).toEqual({ c: "3" });
    expect((await call(s, "PUT", path, { body: { labels: {} } })).body).toMatchObject({ labels: {} });
    expect((await call(s, "PUT", path, { body: { labels: { repo: "llama.cpp" } } })).status).toBe(400);
    expect((await call(s, "PUT", path, { body: { tags: [] } })).status).toBe(400);
    expect((await call(s, "PUT", `/api/jobs/${s.namespace}/ffffffffffffffffffffffff/labels`, { body: { labels: {} } })).status).toBe(404);
  });

  it("streams a running job's metrics as `event: metric` SSE, and answers 500 once the job has finished", async () => {
    const s = await start({ metricsIntervalMs: 5, execute: forever });
    const id = String((await create(s, { flavor: "a10g-largex2" }))["id"]);
    await pollUntil(() => (s.jobs()[0]?.stage === "RUNNING" ? true : undefined), "job to run");
    const response = await fetch(`${s.url}/api/jobs/${s.namespace}/${id}/metrics`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (reader !== undefined && !/data: .*\n\n/.test(text)) text += (await reader.read()).value ?? "";
    await reader?.cancel();
    expect(text.startsWith("event: metric\n")).toBe(true);
    const sample = JSON.parse(/data: (.*)\n/.exec(text)?.[1] ?? "{}") as Record<string, unknown>;
    expect(Object.keys(sample).sort()).toEqual(["cpu_millicores", "cpu_usage_pct", "gpus", "memory_total_bytes", "memory_used_bytes", "replica", "rx_bps", "tx_bps"]);
    expect(Object.values(sample["gpus"] as object)).toHaveLength(2);
    await call(s, "POST", `/api/jobs/${s.namespace}/${id}/cancel`);
    const after = await call(s, "GET", `/api/jobs/${s.namespace}/${id}/metrics`);
    expect(after.status).toBe(500);
    expect(after.body).toHaveProperty("error");
  });

  it.each([400, 404, 409, 422] as const)("answers a cancel of a finished job with %i when asked to", async (status: CancelFinishedStatus) => {
    const s = await start({ cancelFinishedStatus: status });
    const id = String((await create(s))["id"]);
    await ended(s, id);
    const answer = await call(s, "POST", `/api/jobs/${s.namespace}/${id}/cancel`);
    expect(answer.status).toBe(status);
    expect(Object.keys(answer.body as object)).toEqual(["error"]);
    expect(s.jobs()[0]?.stage).toBe("COMPLETED");
  });
});
