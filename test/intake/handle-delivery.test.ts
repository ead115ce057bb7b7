import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventBus, type OffloadEvents } from "../../src/events/event-bus.js";
import { isOffloadError } from "../../src/errors/offload-error.js";
import { handleDelivery, type DeliveryDeps } from "../../src/intake/handle-delivery.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { loadTestConfig, openTempLedger, steppingClock, workflowJobBody, workflowJobExamples } from "../support/intake-fixtures.js";

describe("handleDelivery", () => {
  let ledger: Ledger;
  let closeLedger: () => Promise<void>;
  let wakes: number;
  let deliveries: OffloadEvents["delivery:received"][];
  let deps: DeliveryDeps;

  beforeEach(async () => {
    ({ ledger, close: closeLedger } = await openTempLedger());
    wakes = 0;
    deliveries = [];
    const bus = new EventBus();
    bus.on("delivery:received", (event) => deliveries.push(event));
    deps = { ledger, config: loadTestConfig(), clock: steppingClock(), bus, wake: () => void wakes++ };
  });

  afterEach(async () => {
    await closeLedger();
  });

  it("answers a ping with a pong and records it", async () => {
    expect(await handleDelivery(deps, { guid: "g-ping", event: "ping", body: { zen: "Design for failure." } })).toEqual({ ok: true, pong: true });
    expect((await ledger.listDeliveries(10)).map((d) => [d.guid, d.event, d.result])).toEqual([["g-ping", "ping", "accepted"]]);
  });

  it("skips events it does not handle, politely, and records them", async () => {
    const answer = await handleDelivery(deps, { guid: "g-issue", event: "issues", body: { action: "opened" } });
    expect(answer).toEqual({ ok: true, skipped: "event issues is not handled" });
    expect((await ledger.listDeliveries(10))[0]).toMatchObject({ guid: "g-issue", action: "opened", result: "ignored" });
    expect(wakes).toBe(0);
  });

  it("skips a workflow_job action it does not know", async () => {
    const answer = await handleDelivery(deps, { guid: "g-new", event: "workflow_job", body: workflowJobBody({ action: "toString" }) });
    expect(answer).toEqual({ ok: true, skipped: "action toString of workflow_job is not handled" });
  });

  it("queues a job for its pool, records it and wakes the reconciler", async () => {
    const answer = await handleDelivery(deps, { guid: "g-1", event: "workflow_job", body: workflowJobBody({ labels: ["self-hosted", "hf-jobs-t4-small"] }) });
    expect(answer).toMatchObject({ ok: true, job: 55_390_717_991, decision: "queued for pool repo:octo-org/hello|g1|hf-jobs-t4-small,self-hosted", changed: true });
    expect(answer).toHaveProperty("reason", expect.stringContaining("flavor t4-small"));
    expect(wakes).toBe(1);
    expect(await ledger.getJob(55_390_717_991)).toMatchObject({ status: "queued", routing: "pool", poolKey: "repo:octo-org/hello|g1|hf-jobs-t4-small,self-hosted" });
    expect(deliveries).toEqual([expect.objectContaining({ guid: "g-1", result: "accepted", jobId: 55_390_717_991 })]);
  });

  it("answers a delivery seen before as a duplicate and writes nothing", async () => {
    const delivery = { guid: "g-dup", event: "workflow_job", body: workflowJobBody() };
    await handleDelivery(deps, delivery);
    const before = await ledger.jobEvents(55_390_717_991);
    expect(await handleDelivery(deps, delivery)).toMatchObject({ ok: true, duplicate: true });
    expect(await ledger.jobEvents(55_390_717_991)).toEqual(before);
    expect(wakes).toBe(1);
  });

  it("follows a job through all four actions, waking only when its queued demand changes", async () => {
    const answers = [];
    for (const action of ["queued", "waiting", "in_progress", "completed"]) {
      answers.push(await handleDelivery(deps, { guid: `g-${action}`, event: "workflow_job", body: workflowJobBody({ action }) }));
    }
    expect(answers.map((answer) => ("decision" in answer ? answer.decision : answer))).toEqual([
      "queued for pool repo:octo-org/hello|g1|hf-jobs-t4-small",
      "waiting for approval; pool repo:octo-org/hello|g1|hf-jobs-t4-small",
      "in progress on runner offload-runner-1",
      "completed (success)",
    ]);
    // queued adds demand, waiting removes it; in_progress after waiting and completed change none.
    expect(wakes).toBe(2);
    expect(await ledger.getJob(55_390_717_991)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("explains that an older fact changes nothing and does not wake", async () => {
    await handleDelivery(deps, { guid: "g-done", event: "workflow_job", body: workflowJobBody({ action: "completed" }) });
    const answer = await handleDelivery(deps, { guid: "g-late", event: "workflow_job", body: workflowJobBody({ action: "queued" }) });
    expect(answer).toMatchObject({ changed: false, reason: expect.stringContaining("nothing changed") });
    // A job first seen completed was never demand, and the late queued fact is stale.
    expect(wakes).toBe(0);
  });

  it("records an ignored job with the reason and does not wake", async () => {
    const answer = await handleDelivery(deps, { guid: "g-ubuntu", event: "workflow_job", body: workflowJobBody({ labels: ["ubuntu-latest"] }) });
    expect(answer).toMatchObject({ decision: "ignored", reason: "no offload label (runs-on: ubuntu-latest)" });
    expect(wakes).toBe(0);
    expect((await ledger.listDeliveries(1))[0]).toMatchObject({ result: "ignored" });
  });

  it("records a refused job with a reason a person can act on", async () => {
    const answer = await handleDelivery(deps, { guid: "g-bad", event: "workflow_job", body: workflowJobBody({ labels: ["hf-jobs-zero-a10g"] }) });
    expect(answer).toMatchObject({ decision: "refused (OFFLOAD_LABEL_UNKNOWN_FLAVOR)" });
    expect(answer).toHaveProperty("reason", expect.stringContaining("Spaces-only"));
    expect(await ledger.getJob(55_390_717_991)).toMatchObject({ routing: "refused" });
    expect(wakes).toBe(0);
  });

  it("throws OFFLOAD_WEBHOOK_BAD_REQUEST for a bad payload and writes nothing", async () => {
    const error = await handleDelivery(deps, { guid: "g-broken", event: "workflow_job", body: { action: "queued" } }).catch((e: unknown) => e);
    expect(isOffloadError(error, "OFFLOAD_WEBHOOK_BAD_REQUEST")).toBe(true);
    expect(await ledger.listDeliveries(10)).toEqual([]);
  });

  it("records every GitHub example payload (installation added where missing)", async () => {
    const examples = workflowJobExamples()
      .filter((example) => (example.workflow_job as { run_attempt?: number }).run_attempt !== undefined)
      .map((example) => ({ installation: { id: 5 }, ...example }));
    for (const [index, body] of examples.entries()) {
      const answer = await handleDelivery(deps, { guid: `example-${index}`, event: "workflow_job", body });
      expect(answer).toMatchObject({ ok: true });
    }
    expect(await ledger.listDeliveries(20)).toHaveLength(examples.length);
  });
});
