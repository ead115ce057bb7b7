import { describe, expect, it } from "vitest";
import { fingerprintLaunchConfig } from "../../src/reconciler/launch-config-fingerprint.js";
import { loadTestConfig } from "../support/intake-fixtures.js";

describe("the launch configuration's fingerprint", () => {
  it("changes with a new HF token or runner image, not with settings launches do not depend on, and never holds the token", () => {
    const base = fingerprintLaunchConfig(loadTestConfig());
    expect(fingerprintLaunchConfig(loadTestConfig({ LOG_LEVEL: "debug", PORT: "9999" }))).toBe(base);
    expect(fingerprintLaunchConfig(loadTestConfig({ HF_TOKEN: "hf_new_token" }))).not.toBe(base);
    expect(fingerprintLaunchConfig(loadTestConfig({ RUNNER_IMAGE_CUDA: "ghcr.io/acme/cuda:2" }))).not.toBe(base);
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(base).not.toContain("hf_test_token");
  });
});
