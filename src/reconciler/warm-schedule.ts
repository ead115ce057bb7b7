import type { WarmPoolConfig, Weekday } from "../config/warm-pools.js";

const WEEKDAYS: Record<string, Weekday> = { Sun: "sun", Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat" };

/**
 * Whether a warm pool's schedule covers `now`: the weekday and the wall-clock time in its time
 * zone (Intl.DateTimeFormat applies the zone's daylight-saving rules). No schedule means always.
 * `HH:MM-HH:MM` is half-open; a range that ends before it starts runs past midnight.
 */
export function isWarmNow(schedule: WarmPoolConfig["schedule"], now: number): boolean {
  if (schedule === null) return true;
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: schedule.timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
  const day = WEEKDAYS[part("weekday")];
  const minutes = Number(part("hour")) * 60 + Number(part("minute"));
  const from = toMinutes(schedule.from);
  const to = toMinutes(schedule.to);
  if (day === undefined) return false;
  if (from <= to) return schedule.days.includes(day) && minutes >= from && minutes < to;
  // Overnight (20:00-06:00): the evening belongs to the listed day, the early hours to the day after.
  const yesterday = Object.values(WEEKDAYS)[(Object.values(WEEKDAYS).indexOf(day) + 6) % 7] as Weekday;
  return (schedule.days.includes(day) && minutes >= from) || (schedule.days.includes(yesterday) && minutes < to);
}

function toMinutes(hhmm: string): number {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}
