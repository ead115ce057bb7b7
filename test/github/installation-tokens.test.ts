import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createInstallationTokens, type MintedToken } from "../../src/github/installation-tokens.js";
import { GitHubFakeClock } from "../support/github-fake-clock.js";

function setUp(lifetimeMs = 3_600_000) {
  const clock = new GitHubFakeClock(Date.parse("2026-11-23T10:00:00Z"));
  const minted: number[] = [];
  const mint = async (installationId: number): Promise<MintedToken> => {
    minted.push(installationId);
    return { token: `t${minted.length}`, expiresAt: new Date(clock.now() + lifetimeMs).toISOString() };
  };
  const tokens = createInstallationTokens({ mint, clock, log: pino({ level: "silent" }) });
  return { clock, minted, tokens };
}

describe("createInstallationTokens", () => {
  it("keeps one token per installation", async () => {
    const { minted, tokens } = setUp();
    expect((await tokens.get(1)).reveal()).toBe("t1");
    expect((await tokens.get(2)).reveal()).toBe("t2");
    expect((await tokens.get(1)).reveal()).toBe("t1");
    expect(minted).toEqual([1, 2]);
  });

  it("renews five minutes before GitHub's expires_at, however short the lifetime", async () => {
    const { clock, tokens } = setUp(10 * 60_000);
    await tokens.get(1);
    clock.advance(4 * 60_000);
    expect((await tokens.get(1)).reveal()).toBe("t1");
    clock.advance(60_000);
    expect((await tokens.get(1)).reveal()).toBe("t2");
  });

  it("forgets a refused token but not a newer one that replaced it", async () => {
    const { tokens } = setUp();
    const first = await tokens.get(1);
    tokens.invalidate(1, first);
    const second = await tokens.get(1);
    tokens.invalidate(1, first);
    expect(await tokens.get(1)).toBe(second);
  });

  it("lets a failed mint be tried again by the next caller", async () => {
    const clock = new GitHubFakeClock();
    let attempts = 0;
    const tokens = createInstallationTokens({
      clock,
      log: pino({ level: "silent" }),
      mint: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error("down");
        return { token: "ok", expiresAt: new Date(clock.now() + 3_600_000).toISOString() };
      },
    });
    await expect(tokens.get(1)).rejects.toThrow("down");
    expect((await tokens.get(1)).reveal()).toBe("ok");
  });
});
