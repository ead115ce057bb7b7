import { describe, expect, it } from "vitest";
import { parseOffloadLabel } from "../../src/config/parse-offload-label.js";

describe("parseOffloadLabel", () => {
  it.each([
    ["hf-jobs-t4-small", { flavor: "t4-small", imageKey: null }],
    ["HF-Jobs-T4-Small", { flavor: "t4-small", imageKey: null }],
    ["hf-jobs-t4-small:cuda13", { flavor: "t4-small", imageKey: "CUDA13" }],
    ["hf-jobs-cpu-basic:gpu", { flavor: "cpu-basic", imageKey: "GPU" }],
    ["hf-jobs-cpu-basic:a:b", { flavor: "cpu-basic", imageKey: "A:B" }],
    ["hf-jobs-t4-small:", { flavor: "t4-small", imageKey: "" }],
    ["hf-jobs-", { flavor: "", imageKey: null }],
  ])("takes %s apart", (label, expected) => {
    expect(parseOffloadLabel(label)).toEqual({ label, ...expected });
  });

  it.each(["ubuntu-latest", "self-hosted", "hf-job-t4-small", "xhf-jobs-t4-small", ""])("ignores %j, which is not an offload label", (label) => {
    expect(parseOffloadLabel(label)).toBeNull();
  });
});
