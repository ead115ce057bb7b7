import { describe, expect, it } from "vitest";
import { parseNvidiaSmiList } from "../../../src/providers/gpu-slots/parse-nvidia-smi-list.js";

describe("parseNvidiaSmiList", () => {
  it("reads one device per GPU line with its model and UUID, skipping MIG instances", () => {
    const text = [
      "GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-2f6b8c1e-1111-2222-3333-444455556666)",
      "  MIG 3g.40gb     Device  0: (UUID: MIG-aaaa)",
      "GPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-9a8b7c6d-1111-2222-3333-444455556666)",
      "",
    ].join("\n");
    expect(parseNvidiaSmiList(text)).toEqual([
      { id: "0", model: "NVIDIA A100-SXM4-80GB", uuid: "GPU-2f6b8c1e-1111-2222-3333-444455556666" },
      { id: "1", model: "NVIDIA A100-SXM4-80GB", uuid: "GPU-9a8b7c6d-1111-2222-3333-444455556666" },
    ]);
  });

  it("gives no GPUs for a machine without any", () => {
    expect(parseNvidiaSmiList("No devices were found\n")).toEqual([]);
  });
});
