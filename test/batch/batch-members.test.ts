import { describe, expect, it } from "vitest";
import { parseArray, parseMatrix } from "../../src/batch/batch-members.js";
import { isOffloadError } from "../../src/errors/offload-error.js";

describe("fan-out members", () => {
  it("numbers an --array range and a list by the numbers themselves", () => {
    expect(parseArray("1-3").map((member) => member.index)).toEqual(["1", "2", "3"]);
    expect(parseArray("2,5-6,9").map((member) => member.index)).toEqual(["2", "5", "6", "9"]);
  });

  it("refuses more members than GitHub's matrix allows", () => {
    expect(() => parseArray("1-257")).toThrow(/at most 256/);
    expect(() => parseMatrix(["a=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", "b=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"])).toThrow(/at most 256/);
  });

  it("crosses --matrix keys and numbers the combinations from 1", () => {
    expect(parseMatrix(["model=small,large", "seed=1,2"])).toEqual([
      { index: "1", values: { model: "small", seed: "1" } },
      { index: "2", values: { model: "small", seed: "2" } },
      { index: "3", values: { model: "large", seed: "1" } },
      { index: "4", values: { model: "large", seed: "2" } },
    ]);
  });

  it.each(["3-1", "a-b", ""])("refuses the --array '%s' with a usage error", (spec) => {
    expect(() => parseArray(spec)).toThrow();
    try {
      parseArray(spec);
    } catch (error) {
      expect(isOffloadError(error, "OFFLOAD_BATCH_USAGE")).toBe(true);
    }
  });
});
