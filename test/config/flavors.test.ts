import { describe, expect, it } from "vitest";
import { findNearestFlavors } from "../../src/config/find-nearest-flavors.js";
import { FLAVORS, findFlavor, isGpuFlavor } from "../../src/config/flavors.js";

const CPU_FLAVORS = ["cpu-basic", "cpu-upgrade", "cpu-performance", "cpu-xl"];

describe("the flavor catalogue", () => {
  it("holds every Jobs flavor of the hardware table, once", () => {
    expect(FLAVORS.map((flavor) => flavor.name).sort()).toEqual([
      "a100-large", "a100x4", "a100x8", "a10g-large", "a10g-largex2", "a10g-largex4", "a10g-small",
      "cpu-basic", "cpu-performance", "cpu-upgrade", "cpu-xl", "h200", "h200x2", "h200x4", "h200x8",
      "l40sx1", "l40sx4", "l40sx8", "l4x1", "l4x4", "rtx-pro-6000", "rtx-pro-6000x2", "rtx-pro-6000x4",
      "rtx-pro-6000x8", "t4-medium", "t4-small",
    ]);
  });

  it.each(FLAVORS.map((flavor) => [flavor.name, flavor] as const))("describes %s completely", (_name, flavor) => {
    expect(flavor.prettyName.length).toBeGreaterThan(0);
    expect(flavor.vcpu).toBeGreaterThan(0);
    expect(flavor.ramGb).toBeGreaterThan(0);
    expect(flavor.priceUsdPerHour).toBeGreaterThan(0);
    if (flavor.accelerator !== null) expect(flavor.accelerator.count).toBeGreaterThan(0);
  });

  it.each(FLAVORS.map((flavor) => [flavor.name] as const))("classifies %s as GPU exactly when it has an accelerator", (name) => {
    expect(isGpuFlavor(name)).toBe(!CPU_FLAVORS.includes(name));
  });

  // Regression: huggingface/jobs-actions classified these by name prefix and chose the CPU image.
  it.each(["a100x4", "a100x8", "rtx-pro-6000", "rtx-pro-6000x8"])("knows %s is a GPU flavor", (name) => {
    expect(isGpuFlavor(name)).toBe(true);
  });

  it("matches the published numbers for a sample", () => {
    expect(findFlavor("a100x8")).toMatchObject({ vcpu: 96, ramGb: 1136, accelerator: { model: "A100", count: 8, vramGb: 640 }, priceUsdPerHour: 20 });
    expect(findFlavor("T4-SMALL")).toMatchObject({ prettyName: "Nvidia T4 - small", priceUsdPerHour: 0.4 });
  });

  it("does not know zero-a10g, a Spaces-only flavor", () => {
    expect(findFlavor("zero-a10g")).toBeUndefined();
    expect(isGpuFlavor("zero-a10g")).toBe(false);
  });

  it.each([
    ["t4-smal", "t4-small"],
    ["a100", "a100-large"],
    ["cpu", "cpu-basic"],
    ["a10g", "a10g-large"],
    ["h200x3", "h200x2"],
  ])("suggests the flavors nearest to %s", (name, nearest) => {
    expect(findNearestFlavors(name)).toContain(nearest);
  });
});
