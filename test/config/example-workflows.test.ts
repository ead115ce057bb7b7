import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findFlavor } from "../../src/config/flavors.js";
import { parseOffloadLabel } from "../../src/config/parse-offload-label.js";

const DIR = new URL("../../docs/examples/", import.meta.url);
const EXAMPLES = readdirSync(DIR).filter((name) => name.endsWith(".yml"));

describe("the example workflows in docs/examples", () => {
  it.each(EXAMPLES)("%s runs on a flavor of the catalogue and its comments describe that flavor", (name) => {
    const text = readFileSync(new URL(name, DIR), "utf8");
    const comments = text.split("\n").filter((line) => line.startsWith("#")).join(" ");
    const label = /runs-on:\s*(\S+)/.exec(text)?.[1] ?? "";
    const parsed = parseOffloadLabel(label);
    const flavor = parsed === null ? undefined : findFlavor(parsed.flavor);
    expect(flavor, `runs-on ${label}`).toBeDefined();
    if (flavor === undefined) return;
    const cpu = /\((\d+) vCPU, (\d+) GB\)/.exec(comments);
    if (cpu !== null) expect([Number(cpu[1]), Number(cpu[2])]).toEqual([flavor.vcpu, flavor.ramGb]);
    const gpu = /\b(T4|L4|L40S|A10G|A100|H100|H200)\b \((\d+) GB\)/.exec(comments);
    if (gpu !== null) expect([gpu[1], Number(gpu[2])]).toEqual([flavor.accelerator?.model, flavor.accelerator?.vramGb]);
    expect(cpu !== null || gpu !== null, "the first comment says what machine it is").toBe(true);
  });
});
