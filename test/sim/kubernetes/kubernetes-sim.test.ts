import { Agent, fetch as undiciFetch } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startKubernetesSim, type KubernetesSim } from "../../../src/sim/kubernetes/start-kubernetes-sim.js";
import { pollUntil } from "../../support/provider-test-tools.js";

const JOBS = "/apis/batch/v1/namespaces/ns/jobs";
const SECRETS = "/api/v1/namespaces/ns/secrets";

function job(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, labels: { team: "ci" } },
    spec: { backoffLimit: 0, ...extra, template: { spec: { restartPolicy: "Never", containers: [{ name: "runner", image: "ubuntu:24.04" }] } } },
  };
}

describe("Kubernetes API stand-in", () => {
  let sim: KubernetesSim;
  let agent: Agent;

  beforeEach(async () => {
    sim = await startKubernetesSim();
    agent = new Agent({ connect: { ca: sim.caCert } });
  });

  afterEach(async () => {
    await sim.close();
    await agent.close();
  });

  const send = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await undiciFetch(`${sim.url}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${sim.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("refuses an object the Kubernetes schema or the server's rules reject, with a 422 Status listing every cause", async () => {
    const bad = job("Not_A_Name", { backoffLimit: "none" });
    const answer = await send("POST", JOBS, bad);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ kind: "Status", status: "Failure", reason: "Invalid", code: 422 });
    expect(answer.body["message"]).toMatch(/^Job\.batch "Not_A_Name" is invalid: \[/);
    const fields = ((answer.body["details"] as { causes: Array<{ field: string }> }).causes).map((cause) => cause.field);
    expect(fields).toEqual(expect.arrayContaining(["spec.backoffLimit", "metadata.name"]));
    expect(sim.objects("jobs")).toEqual([]);
  });

  it("asks for credentials like a real server", async () => {
    const response = await undiciFetch(`${sim.url}${JOBS}`, { dispatcher: agent });
    expect(response.status).toBe(401);
  });

  it("runs a pod for a Job to completion, then deletes both after ttlSecondsAfterFinished", async () => {
    expect((await send("POST", JOBS, job("short", { ttlSecondsAfterFinished: 0 }))).status).toBe(201);
    await pollUntil(() => (sim.objects("pods").some((pod) => (pod["status"] as { phase?: string }).phase === "Succeeded") || sim.objects("jobs").length === 0 ? true : undefined), "the pod to succeed");
    await pollUntil(() => (sim.objects("jobs").length === 0 && sim.objects("pods").length === 0 ? true : undefined), "the TTL controller to delete the Job and its pod");
  });

  it("collects a Secret whose owner Job no longer exists, and selects by label", async () => {
    const created = await send("POST", JOBS, job("owner"));
    const uid = (created.body["metadata"] as { uid: string }).uid;
    await send("DELETE", `${JOBS}/owner?propagationPolicy=Background`);
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "late", ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: "owner", uid }] }, data: { k: "dg==" } };
    expect((await send("POST", SECRETS, secret)).status).toBe(201);
    await pollUntil(() => (sim.objects("secrets").length === 0 ? true : undefined), "the orphaned Secret to be collected");
    await send("POST", JOBS, job("labelled"));
    const selected = await send("GET", `${JOBS}?labelSelector=${encodeURIComponent("team in (ci,cd),!absent")}`);
    expect((selected.body["items"] as unknown[]).length).toBe(1);
    const none = await send("GET", `${JOBS}?labelSelector=team%3Dother`);
    expect(none.body["items"]).toEqual([]);
  });

  it("orphans a Job's pods on a delete without a propagation policy, as batch/v1 does", async () => {
    await send("POST", JOBS, job("plain"));
    await pollUntil(() => (sim.objects("pods").length === 1 ? true : undefined), "the pod");
    await send("DELETE", `${JOBS}/plain`);
    expect(sim.objects("jobs")).toEqual([]);
    expect(sim.objects("pods")[0]?.metadata.ownerReferences).toEqual([]);
  });
});
