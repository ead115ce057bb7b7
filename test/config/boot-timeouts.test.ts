import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";

describe("boot timeouts", () => {
  it("default to ten minutes, with per-flavor ones from the environment and offload.yaml", () => {
    const { config, problems } = loadConfig(
      { OFFLOAD_BOOT_TIMEOUT: "12m", OFFLOAD_BOOT_TIMEOUT_H200X8: "30m", OFFLOAD_CONFIG: "/etc/offload.yaml" },
      {
        readFile: (path) => {
          if (path === "/etc/offload.yaml") return "bootTimeouts:\n  rtx-pro-6000x8: 25m\n";
          throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
        },
      },
    );
    expect(problems).toEqual([]);
    expect(config.bootTimeoutSeconds).toBe(720);
    expect(Object.fromEntries(config.bootTimeouts)).toEqual({ h200x8: 1800, "rtx-pro-6000x8": 1500 });
    expect(loadConfig({}).config.bootTimeoutSeconds).toBe(600);
  });

  it("names a boot timeout for a flavor that does not exist, with the fix", () => {
    const { problems } = loadConfig({ OFFLOAD_BOOT_TIMEOUT_H100: "20m" });
    expect(problems).toMatchObject([{ setting: "OFFLOAD_BOOT_TIMEOUT_H100", fix: expect.stringContaining("offload flavors") }]);
  });
});
