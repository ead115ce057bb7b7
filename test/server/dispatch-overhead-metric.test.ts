import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/events/event-bus.js";
import { createMetrics } from "../../src/server/create-metrics.js";

describe("offload_dispatch_overhead_seconds", () => {
  it("observes arrival to compute request minus the GitHub call, once per job, only for jobs it saw arrive", async () => {
    const bus = new EventBus();
    const metrics = createMetrics({ ledger: null, bus });
    bus.emit("demand:recorded", { jobId: 1, poolKey: "p", arrivedAt: 1000 });
    // 45 ms after arrival, 40 of them in GitHub: 5 ms of overhead.
    bus.emit("runner:requesting", { name: "r1", forJobId: 1, githubMs: 40, at: 1045 });
    // A second launch for the same job (the first one's compute failed) is not the job's overhead.
    bus.emit("runner:requesting", { name: "r2", forJobId: 1, githubMs: 40, at: 9000 });
    // Jobs found by the poller, and runners for no job, have no arrival to measure from.
    bus.emit("runner:requesting", { name: "r3", forJobId: 2, githubMs: 40, at: 2000 });
    bus.emit("runner:requesting", { name: "r4", forJobId: null, githubMs: 40, at: 2000 });
    const text = await metrics.registry.metrics();
    metrics.close();
    expect(text).toMatch(/^offload_dispatch_overhead_seconds_count 1$/m);
    expect(text).toMatch(/^offload_dispatch_overhead_seconds_bucket\{le="0.003"\} 0$/m);
    expect(text).toMatch(/^offload_dispatch_overhead_seconds_bucket\{le="0.005"\} 1$/m);
    expect(text).toMatch(/^offload_dispatch_overhead_seconds_sum 0.005$/m);
  });
});
