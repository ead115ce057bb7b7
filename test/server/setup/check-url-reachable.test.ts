import { describe, expect, it } from "vitest";
import { checkUrlReachable } from "../../../src/probes/check-url-reachable.js";
import { classifyAddress, type UnreachableKind } from "../../../src/probes/classify-address.js";

const healthy: typeof fetch = async () => new Response(JSON.stringify({ status: "ok" }), { status: 200, headers: { "content-type": "application/json" } });

describe("classifyAddress", () => {
  it.each<[string, UnreachableKind | null]>([
    ["127.0.0.1", "loopback"],
    ["127.8.0.1", "loopback"],
    ["[::1]", "loopback"],
    ["localhost", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["100.64.0.1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["::ffff:192.168.0.1", "private"],
    ["printer.local", "local name"],
    ["dispatcher", "local name"],
    ["172.32.0.1", null],
    ["140.82.112.3", null],
    ["offload.example.org", null],
    ["2606:4700::1111", null],
  ])("calls %s %s", (host, kind) => {
    expect(classifyAddress(host)).toBe(kind);
  });
});

describe("checkUrlReachable", () => {
  it("never calls a loopback webhook URL reachable, even when it answers, and says how to fix it", async () => {
    const check = await checkUrlReachable("http://127.0.0.1:7860", { fetch: healthy });
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("127.0.0.1 is a loopback address, which GitHub cannot reach");
    expect(check.detail).toContain("OFFLOAD_PUBLIC_URL");
    expect(check.detail).toContain("tunnel");
  });

  it("refuses a name whose every address is private", async () => {
    const check = await checkUrlReachable("https://offload.corp.example", { fetch: healthy, lookup: async () => ["10.0.0.7", "192.168.3.4"] });
    expect(check.ok).toBe(false);
    expect(check.detail).toContain("resolves only to private addresses (10.0.0.7, 192.168.3.4)");
  });

  it("accepts a public name that answers offload's health check", async () => {
    const check = await checkUrlReachable("https://offload.example.org", { fetch: healthy, lookup: async () => ["203.0.113.9"] });
    expect(check).toEqual({ ok: true, detail: "https://offload.example.org/healthz answered 200 (ok)" });
  });
});
