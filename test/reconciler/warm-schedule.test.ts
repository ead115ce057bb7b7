import { describe, expect, it } from "vitest";
import { isWarmNow } from "../../src/reconciler/warm-schedule.js";

const weekdays = { days: ["mon", "tue", "wed", "thu", "fri"] as const, from: "08:00", to: "20:00", timeZone: "Europe/Paris" };

describe("a warm pool's schedule", () => {
  it.each([
    ["2026-12-07T06:59:00Z", false], // Monday 07:59 in Paris (UTC+1 in winter)
    ["2026-12-07T07:00:00Z", true], // Monday 08:00
    ["2026-12-07T18:59:00Z", true], // Monday 19:59
    ["2026-12-07T19:00:00Z", false], // Monday 20:00: the range is half-open
    ["2026-12-05T12:00:00Z", false], // Saturday
    ["2026-07-06T06:30:00Z", true], // Monday 08:30 in summer time (UTC+2)
  ])("at %s is %s in Europe/Paris weekdays 08:00-20:00", (at, warm) => {
    expect(isWarmNow({ ...weekdays, days: [...weekdays.days] }, Date.parse(at))).toBe(warm);
  });

  it("runs past midnight when the range ends before it starts, belonging to the day it began", () => {
    const nights = { days: ["fri" as const], from: "22:00", to: "06:00", timeZone: "UTC" };
    expect(isWarmNow(nights, Date.parse("2026-12-04T23:00:00Z"))).toBe(true); // Friday night
    expect(isWarmNow(nights, Date.parse("2026-12-05T05:00:00Z"))).toBe(true); // Saturday early: Friday's night
    expect(isWarmNow(nights, Date.parse("2026-12-06T05:00:00Z"))).toBe(false); // Sunday early: Saturday's night
  });

  it("is always on without a schedule", () => {
    expect(isWarmNow(null, 0)).toBe(true);
  });
});
