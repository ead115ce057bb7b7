import { z } from "zod";
import { parseDuration } from "./parse-duration.js";
import type { SettingsReader } from "./settings-reader.js";

/** The environment name offload.yaml's `warmPools` is read through (JSON of the same list). */
export const WARM_POOLS_SETTING = "OFFLOAD_WARM_POOLS";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof DAYS)[number];

/**
 * offload.yaml `warmPools`: idle runners kept ready for a label, so a job starts in seconds instead
 * of a cold start. Each entry names the exact `runs-on` labels and where runners register (a
 * repository or an organisation); `schedule` limits it to hours in a time zone.
 *
 * ```yaml
 * warmPools:
 *   - labels: [hf-jobs-t4-small]
 *     repository: acme/app        # or organization: acme (with runnerScope: org)
 *     min: 2
 *     schedule: { days: [mon, tue, wed, thu, fri], hours: "08:00-20:00", timeZone: Europe/Paris }
 *     maxIdle: 30m                # a warm runner idle longer is replaced by a fresh one
 * ```
 */
export const WarmPoolsSchema = z.array(
  z
    .strictObject({
      labels: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "owner/name").optional(),
      organization: z.string().regex(/^[\w.-]+$/, "an organisation login").optional(),
      /** The App installation on that repository or organisation; learned from its jobs when absent. */
      installationId: z.number().int().positive().optional(),
      min: z.number().int().min(0).max(100),
      schedule: z
        .strictObject({
          days: z.array(z.enum(DAYS)).min(1).default([...DAYS]),
          hours: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, "HH:MM-HH:MM").default("00:00-24:00"),
          timeZone: z.string().refine(isTimeZone, "an IANA time zone such as Europe/Paris or UTC").default("UTC"),
        })
        .optional(),
      maxIdle: z.union([z.string(), z.number()]).refine((v) => parseDuration(String(v)) !== null, "a duration such as 30m").optional(),
    })
    .refine((entry) => (entry.repository === undefined) !== (entry.organization === undefined), "exactly one of repository or organization"),
);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** One warm pool as the dispatcher uses it. */
export interface WarmPoolConfig {
  readonly labels: readonly string[];
  readonly repository: string | null;
  readonly organization: string | null;
  readonly installationId: number | null;
  readonly min: number;
  readonly schedule: { readonly days: readonly Weekday[]; readonly from: string; readonly to: string; readonly timeZone: string } | null;
  readonly maxIdleSeconds: number | null;
}

/** `OFFLOAD_WARM_POOLS` (offload.yaml `warmPools`, as JSON in the environment), every problem reported. */
export function readWarmPools(reader: SettingsReader): WarmPoolConfig[] {
  const text = reader.text(WARM_POOLS_SETTING);
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reader.report(WARM_POOLS_SETTING, "a JSON list of warm pools (offload.yaml `warmPools`)", "Write warmPools in offload.yaml, or set OFFLOAD_WARM_POOLS to the same list as JSON.", { secret: true });
    return [];
  }
  const parsed = WarmPoolsSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(list)"}: ${issue.message}`).join("; ");
    reader.report(WARM_POOLS_SETTING, `warm pools (labels, repository or organization, min, schedule, maxIdle); ${issues}`, "Correct warmPools in offload.yaml.", { secret: true });
    return [];
  }
  return parsed.data.map((entry) => {
    const [from = "00:00", to = "24:00"] = (entry.schedule?.hours ?? "00:00-24:00").split("-");
    return {
      labels: typeof entry.labels === "string" ? [entry.labels] : entry.labels,
      repository: entry.repository ?? null,
      organization: entry.organization ?? null,
      installationId: entry.installationId ?? null,
      min: entry.min,
      schedule: entry.schedule === undefined ? null : { days: entry.schedule.days, from, to, timeZone: entry.schedule.timeZone },
      maxIdleSeconds: entry.maxIdle === undefined ? null : parseDuration(String(entry.maxIdle)),
    };
  });
}
