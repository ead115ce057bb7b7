import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { appJwt, callSim, startWebhookReceiver, waitUntil } from "../../support/github-sim-client.js";

describe("GitHub simulator webhooks", () => {
  let sim: GitHubSim | undefined;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  afterEach(async () => {
    await sim?.close();
    await receiver?.close();
    sim = undefined;
    receiver = undefined;
  });

  async function start(
    options: Parameters<typeof startGitHubSim>[0] = {},
    status?: () => number,
    hold?: Parameters<typeof startWebhookReceiver>[1],
  ): Promise<{ sim: GitHubSim; receiver: NonNullable<typeof receiver> }> {
    sim = await startGitHubSim(options);
    receiver = await startWebhookReceiver(status, hold);
    sim.setWebhookTarget(receiver.url);
    sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["app"] });
    return { sim, receiver };
  }

  it("signs the exact bytes with the App's webhook secret and sends GitHub's headers", async () => {
    const { sim, receiver } = await start();
    const job = sim.queueJob({ repo: "octo-org/app", labels: ["hf-jobs-cpu-basic"], name: "lint" });
    await sim.settleDeliveries();
    const [hook] = receiver.received;
    expect(hook).toBeDefined();
    const headers = hook?.headers ?? {};
    const expected = `sha256=${createHmac("sha256", sim.app.webhookSecret).update(hook?.raw ?? "").digest("hex")}`;
    expect(headers["x-hub-signature-256"]).toBe(expected);
    expect(headers["x-hub-signature"]).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(headers["x-github-event"]).toBe("workflow_job");
    expect(headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers["user-agent"]).toMatch(/^GitHub-Hookshot\/[0-9a-f]{7}$/);
    expect(headers["x-github-hook-installation-target-type"]).toBe("integration");
    expect(headers["x-github-hook-installation-target-id"]).toBe(String(sim.app.id));
    expect(headers["content-type"]).toBe("application/json");
    expect(hook?.body).toMatchObject({
      action: "queued",
      workflow_job: { id: job.id, run_id: job.runId, labels: ["hf-jobs-cpu-basic"], name: "lint", status: "queued", runner_id: null, steps: [] },
      repository: { full_name: "octo-org/app", owner: { login: "octo-org", type: "Organization" } },
      organization: { login: "octo-org" },
      installation: { id: expect.any(Number) },
      sender: { login: expect.any(String) },
    });
  });

  it("signs with a secret given with the target", async () => {
    const { sim, receiver } = await start();
    sim.setWebhookTarget(receiver.url, "It's a Secret to Everybody");
    sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
    await sim.settleDeliveries();
    const hook = receiver.received[0];
    const expected = `sha256=${createHmac("sha256", "It's a Secret to Everybody").update(hook?.raw ?? "").digest("hex")}`;
    expect(hook?.headers["x-hub-signature-256"]).toBe(expected);
  });

  it("records a failed delivery without retrying it, and redelivers it on request with the same guid", async () => {
    let answer = 500;
    const { sim, receiver } = await start({}, () => answer);
    sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
    await sim.settleDeliveries();
    expect(receiver.received).toHaveLength(1);
    expect(sim.deliveries).toMatchObject([{ ok: false, statusCode: 500, status: "Invalid HTTP Response: 500", redelivery: false }]);

    const jwt = appJwt(sim);
    const failures = await callSim(sim, "GET", "/app/hook/deliveries?status=failure", { token: jwt });
    const [item] = failures.body as { id: number; guid: string; status_code: number }[];
    expect(item).toMatchObject({ status_code: 500, event: "workflow_job", action: "queued" });
    const detail = await callSim(sim, "GET", `/app/hook/deliveries/${item?.id}`, { token: jwt });
    expect(detail.body).toMatchObject({ request: { payload: { action: "queued" } }, response: { payload: "" } });

    answer = 200;
    expect((await callSim(sim, "POST", `/app/hook/deliveries/${item?.id}/attempts`, { token: jwt })).status).toBe(202);
    await sim.settleDeliveries();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers["x-github-delivery"]).toBe(receiver.received[0]?.headers["x-github-delivery"]);
    expect(receiver.received[1]?.raw).toBe(receiver.received[0]?.raw);
    expect(sim.deliveries[1]).toMatchObject({ ok: true, redelivery: true, guid: item?.guid });
    expect(sim.violations).toEqual([]);
  });

  it("records a delivery to a target that is down as failed to connect", async () => {
    const { sim } = await start();
    sim.setWebhookTarget("http://127.0.0.1:9/webhook");
    sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
    await sim.settleDeliveries();
    expect(sim.deliveries).toMatchObject([{ ok: false, statusCode: 0, status: "failed to connect" }]);
  });

  it("pages deliveries newest first with a cursor in the Link header", async () => {
    const { sim } = await start();
    for (let index = 0; index < 5; index += 1) sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
    await sim.settleDeliveries();
    const jwt = appJwt(sim);
    const first = await callSim(sim, "GET", "/app/hook/deliveries?per_page=3", { token: jwt });
    const firstIds = (first.body as { id: number }[]).map((item) => item.id);
    expect(firstIds).toHaveLength(3);
    expect(firstIds).toEqual([...firstIds].sort((a, b) => b - a));
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get("link") ?? "")?.[1] ?? "";
    expect(next).toContain("cursor=");
    const second = await callSim(sim, "GET", next.slice(sim.url.length), { token: jwt });
    const secondIds = (second.body as { id: number }[]).map((item) => item.id);
    expect(secondIds).toHaveLength(2);
    expect(new Set([...firstIds, ...secondIds]).size).toBe(5);
    expect(second.headers.get("link")).toBeNull();
    expect(sim.violations).toEqual([]);
  });

  it("drops and duplicates deliveries reproducibly for a fixed seed", async () => {
    const count = async (seed: number): Promise<{ dropped: number; received: number; guids: number }> => {
      const { sim, receiver } = await start({ seed, validate: false });
      sim.faults.webhooks({ drop: 0.3, duplicate: 0.3 });
      for (let index = 0; index < 40; index += 1) sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
      await sim.settleDeliveries();
      const result = {
        dropped: sim.deliveries.filter((delivery) => delivery.status === "timed out").length,
        received: receiver.received.length,
        guids: new Set(sim.deliveries.map((delivery) => delivery.guid)).size,
      };
      await sim.close();
      await receiver.close();
      return result;
    };
    const first = await count(42);
    expect(first).toEqual(await count(42));
    expect(first.guids).toBe(40);
    expect(first.dropped).toBeGreaterThan(0);
    expect(first.dropped).toBeLessThan(40);
    expect(first.received).toBeGreaterThan(40 - first.dropped);
  });

  it("holds deliveries for a random time so that later ones overtake earlier ones", async () => {
    const { sim, receiver } = await start({ seed: 3 });
    sim.faults.webhooks({ reorderWindowMs: 50 });
    const job = sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
    for (let index = 0; index < 30; index += 1) sim.queueJob({ repo: "octo-org/app", labels: ["x"] });
    sim.cancelJob(job.id);
    await sim.settleDeliveries();
    expect(receiver.received).toHaveLength(32);
    const order = receiver.received.map((hook) => Number(hook.body.workflow_job?.["id"]));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });

  it("keeps one job's deliveries in order while another job's go out past a slow answer", async () => {
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let slowJobId = -1;
    const { sim, receiver } = await start({}, undefined, (delivery) =>
      delivery.body.workflow_job?.["id"] === slowJobId && delivery.body.action === "queued" ? released : Promise.resolve(),
    );
    const slow = sim.queueJob({ repo: "octo-org/app", labels: ["x"], name: "slow" });
    slowJobId = slow.id;
    sim.cancelJob(slow.id);
    const quick = sim.queueJob({ repo: "octo-org/app", labels: ["x"], name: "quick" });
    const seen = (): string[] => receiver.received.map((hook) => `${String(hook.body.workflow_job?.["name"])}:${String(hook.body.action)}`);
    await waitUntil(() => seen().includes("quick:queued"), 5000, "the other job's delivery");
    expect(seen()).not.toContain("slow:completed");
    release();
    await sim.settleDeliveries();
    expect(seen().filter((entry) => entry.startsWith("slow"))).toEqual(["slow:queued", "slow:completed"]);
    expect(sim.job(quick.id)?.status).toBe("queued");
  });
});
