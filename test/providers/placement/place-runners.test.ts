import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HostCapacity } from "../../../src/providers/placement/host-capacity.js";
import { placeRunners } from "../../../src/providers/placement/place-runners.js";

function host(name: string, total: number, free: number, extra: Partial<HostCapacity> = {}): HostCapacity {
  const gpus = Array.from({ length: total }, (_, index) => String(index));
  return { host: name, up: true, reason: null, gpus, freeGpus: gpus.slice(total - free), freeRunnerSlots: null, ...extra };
}

describe("placeRunners", () => {
  it("puts a runner on the host whose free GPUs fit it most tightly, keeping big blocks whole", () => {
    const { placements } = placeRunners([host("lab-1", 8, 8), host("lab-2", 8, 2)], [{ pool: "x2", gpus: 2, wanted: 1, hosts: null }]);
    expect(placements).toEqual([{ pool: "x2", host: "lab-2", gpus: ["6", "7"] }]);
  });

  it("says why runners wait when every GPU is busy, and how many jobs are ahead", () => {
    const hosts = [host("lab-1", 4, 0), host("lab-2", 4, 0)];
    const { caps } = placeRunners(hosts, [
      { pool: "a", gpus: 1, wanted: 3, hosts: null },
      { pool: "b", gpus: 2, wanted: 1, hosts: null },
    ]);
    expect(caps.get("a")).toEqual({ max: 0, reason: "all 8 GPUs busy on lab-1 and lab-2" });
    expect(caps.get("b")).toEqual({ max: 0, reason: "all 8 GPUs busy on lab-1 and lab-2; 3 jobs ahead" });
  });

  it("skips a host that is down and names it with its reason", () => {
    const { placements, caps } = placeRunners([host("lab-1", 8, 8, { up: false, reason: "connect ECONNREFUSED", freeGpus: [] }), host("lab-2", 2, 2)], [{ pool: "x2", gpus: 2, wanted: 2, hosts: null }]);
    expect(placements.map((placement) => placement.host)).toEqual(["lab-2"]);
    expect(caps.get("x2")).toEqual({ max: 1, reason: "all 2 GPUs busy on lab-2; lab-1 down (connect ECONNREFUSED)" });
  });

  it.each([
    { name: "every host is down", hosts: [host("lab-1", 2, 2, { up: false, reason: "timeout" })], gpus: 1, allowed: null, reason: "every host is down: lab-1 down (timeout)" },
    { name: "a runner needs more GPUs than any host has", hosts: [host("lab-1", 4, 4)], gpus: 8, allowed: null, reason: "needs 8 GPUs per runner, but the largest host that is up (of lab-1) has 4" },
    { name: "the free GPUs are split across hosts", hosts: [host("lab-1", 4, 1), host("lab-2", 4, 1)], gpus: 2, allowed: null, reason: "no host has 2 GPUs free at once (lab-1 1 free, lab-2 1 free)" },
    { name: "the rule names hosts that are not configured", hosts: [host("lab-1", 4, 4)], gpus: 1, allowed: ["lab-9"], reason: "no host may run it: it names lab-9, which is not configured" },
    { name: "CPU runner slots are full", hosts: [host("cpu-1", 0, 0, { freeRunnerSlots: 0 })], gpus: 0, allowed: null, reason: "all runner slots busy on cpu-1" },
  ])("explains a wait when $name", ({ hosts, gpus, allowed, reason }) => {
    expect(placeRunners(hosts, [{ pool: "p", gpus, wanted: 1, hosts: allowed }]).caps.get("p")).toEqual({ max: 0, reason });
  });

  it("lets smaller requests use what a big one cannot, so no GPU idles while a job that fits it waits", () => {
    const { placements, caps } = placeRunners([host("lab-1", 8, 3)], [
      { pool: "x4", gpus: 4, wanted: 1, hosts: null },
      { pool: "x1", gpus: 1, wanted: 5, hosts: null },
    ]);
    expect(placements.map((placement) => placement.pool)).toEqual(["x1", "x1", "x1"]);
    expect(caps.get("x1")?.max).toBe(3);
  });

  it("takes turns between pools so one backlog does not starve another", () => {
    const { caps } = placeRunners([host("lab-1", 4, 4)], [
      { pool: "a", gpus: 1, wanted: 10, hosts: null },
      { pool: "b", gpus: 1, wanted: 10, hosts: null },
    ]);
    expect([caps.get("a")?.max, caps.get("b")?.max]).toEqual([2, 2]);
  });

  it("never places a GPU twice, never beyond what is free, and leaves none idle that a waiting runner fits", () => {
    const hostArb = fc.record({ total: fc.integer({ min: 0, max: 8 }), used: fc.integer({ min: 0, max: 8 }), up: fc.boolean() });
    const requestArb = fc.record({ gpus: fc.integer({ min: 0, max: 8 }), wanted: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(hostArb, { minLength: 1, maxLength: 5 }), fc.array(requestArb, { maxLength: 6 }), (hostSpecs, requestSpecs) => {
        const hosts = hostSpecs.map((spec, index) => host(`h${index}`, spec.total, Math.max(0, spec.total - spec.used), spec.up ? {} : { up: false, reason: "down" }));
        const requests = requestSpecs.map((spec, index) => ({ pool: `p${index}`, gpus: spec.gpus, wanted: spec.wanted, hosts: null }));
        const { placements, caps } = placeRunners(hosts, requests);
        for (const capacity of hosts) {
          const used = placements.filter((placement) => placement.host === capacity.host).flatMap((placement) => placement.gpus);
          expect(new Set(used).size).toBe(used.length);
          for (const gpu of used) expect(capacity.up && capacity.freeGpus.includes(gpu)).toBe(true);
        }
        for (const request of requests) {
          const placed = placements.filter((placement) => placement.pool === request.pool);
          expect(caps.get(request.pool)?.max).toBe(placed.length);
          for (const placement of placed) expect(placement.gpus).toHaveLength(request.gpus);
          if (placed.length < request.wanted) {
            for (const capacity of hosts.filter((candidate) => candidate.up)) {
              const left = capacity.freeGpus.length - placements.filter((placement) => placement.host === capacity.host).reduce((sum, placement) => sum + placement.gpus.length, 0);
              expect(left).toBeLessThan(request.gpus);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
