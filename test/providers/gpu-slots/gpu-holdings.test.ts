import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freeGpus, holdGpus, NO_HOLDINGS, pickGpus, rebuildHoldings, releaseGpus, type GpuHoldings } from "../../../src/providers/gpu-slots/gpu-holdings.js";

const inventory = ["0", "1", "2", "3"];

describe("GPU holdings", () => {
  it.each([
    { asked: 1, held: [], got: ["0"] },
    { asked: 2, held: ["0"], got: ["1", "2"] },
    { asked: 4, held: [], got: ["0", "1", "2", "3"] },
    { asked: 2, held: ["1", "2", "3"], got: null },
    { asked: 0, held: ["0", "1", "2", "3"], got: [] },
  ])("gives $asked GPUs when $held are held: $got", ({ asked, held, got }) => {
    const holdings = held.length === 0 ? NO_HOLDINGS : new Map([["other", { runner: "other", host: "lab-1", gpus: held }]]);
    expect(pickGpus(inventory, holdings, "lab-1", asked)).toEqual(got);
  });

  it("counts only the host's own holdings", () => {
    const holdings = new Map([["r", { runner: "r", host: "lab-2", gpus: ["0", "1"] }]]);
    expect(freeGpus(inventory, holdings, "lab-1")).toEqual(inventory);
  });

  it("refuses to hold a GPU someone already holds", () => {
    const first = holdGpus(NO_HOLDINGS, { runner: "a", host: "lab-1", gpus: ["0"] });
    expect(first).not.toBeNull();
    expect(holdGpus(first as GpuHoldings, { runner: "b", host: "lab-1", gpus: ["0", "1"] })).toBeNull();
  });

  it("reports two records that claim one GPU when rebuilding, keeping the first", () => {
    const { holdings, conflicts } = rebuildHoldings([
      { runner: "a", host: "lab-1", gpus: ["0", "1"] },
      { runner: "b", host: "lab-1", gpus: ["1"] },
    ]);
    expect([...holdings.keys()]).toEqual(["a"]);
    expect(conflicts.map((conflict) => conflict.runner)).toEqual(["b"]);
  });

  it("never double-books a GPU under any interleaving of launches, ends and restarts", () => {
    const hosts = { "lab-1": ["0", "1", "2", "3", "4", "5", "6", "7"], "lab-2": ["0", "1"] } as const;
    const step = fc.oneof(
      fc.record({ kind: fc.constant("launch" as const), host: fc.constantFrom("lab-1" as const, "lab-2" as const), gpus: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ kind: fc.constant("end" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("restart" as const), seed: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        let holdings: GpuHoldings = NO_HOLDINGS;
        let next = 0;
        for (const action of steps) {
          if (action.kind === "launch") {
            const gpus = pickGpus(hosts[action.host], holdings, action.host, action.gpus);
            if (gpus === null) continue;
            expect(gpus).toHaveLength(action.gpus);
            const held = holdGpus(holdings, { runner: `r${next++}`, host: action.host, gpus });
            expect(held).not.toBeNull();
            holdings = held as GpuHoldings;
          } else if (action.kind === "end") {
            const runners = [...holdings.keys()];
            if (runners.length > 0) holdings = releaseGpus(holdings, runners[action.pick % runners.length] ?? "");
          } else {
            // A restart keeps only what the containers' labels say, in whatever order Docker lists them.
            const records = [...holdings.values()];
            const rotated = [...records.slice(action.seed % Math.max(1, records.length)), ...records.slice(0, action.seed % Math.max(1, records.length))];
            const rebuilt = rebuildHoldings(rotated);
            expect(rebuilt.conflicts).toEqual([]);
            holdings = rebuilt.holdings;
          }
          for (const host of Object.keys(hosts)) {
            const all = [...holdings.values()].filter((holding) => holding.host === host).flatMap((holding) => holding.gpus);
            expect(new Set(all).size).toBe(all.length);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
