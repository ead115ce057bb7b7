import { describe, expect, it } from "vitest";
import { encodeJitConfig } from "../../../src/sim/github/encode-jit-config.js";
import { decodeJitConfig } from "../../../src/sim/runner/decode-jit-config.js";

describe("decodeJitConfig", () => {
  it("reads the agent and server URL back from what generate-jitconfig encodes", () => {
    const encoded = encodeJitConfig({ runnerId: 23, runnerName: "New runner", runnerGroupId: 1, simUrl: "http://127.0.0.1:1", secret: "s3cret" });
    expect(decodeJitConfig(encoded)).toEqual({
      ok: true,
      config: { agentId: 23, agentName: "New runner", serverUrl: "http://127.0.0.1:1/_sim/runner", proof: "s3cret" },
    });
  });

  it.each([
    ["text that is not base64 JSON", "not a config"],
    ["a map without .runner", Buffer.from(JSON.stringify({ ".credentials": "e30=" })).toString("base64")],
    ["an empty string", ""],
  ])("refuses %s with a reason", (_case, encoded) => {
    const decoded = decodeJitConfig(encoded);
    expect(decoded.ok).toBe(false);
  });
});
