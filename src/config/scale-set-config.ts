import { z } from "zod";
import { isOffloadLabel } from "./parse-offload-label.js";
import type { SettingsReader } from "./settings-reader.js";

/**
 * One runner scale set the dispatcher listens on (offload.yaml `scaleSets:`, or the same list as
 * JSON in OFFLOAD_SCALE_SETS). Jobs reach it by `runs-on: <name>` or by its labels; its name and
 * labels together must hold exactly one offload label (`hf-jobs-<flavor>`), which says what its
 * runners run on. No inbound connection is needed: the dispatcher long-polls GitHub.
 */
export const ScaleSetEntrySchema = z.strictObject({
  /** The scale set's name in GitHub (unique in its runner group). */
  name: z.string().regex(/^[\w.-]{1,64}$/, "1 to 64 letters, digits, '.', '_' or '-'"),
  /** Labels besides the name (several labels need GitHub.com or GHES 3.18+: peers.md §11). */
  labels: z.array(z.string().min(1)).default([]),
  /** Runner group by name (the Actions service resolves it); `default` is the default group. */
  runnerGroup: z.string().min(1).default("default"),
  scope: z.enum(["org", "repo"]),
  owner: z.string().min(1),
  /** With `scope: repo`. */
  repo: z.string().min(1).optional(),
  /** The App installation that acts for the scope. */
  installationId: z.number().int().positive(),
  /** At most this many runners at once: sent as X-ScaleSetMaxCapacity on every poll. */
  maxRunners: z.number().int().min(0).default(100),
  /** Idle runners to keep beyond assigned jobs (the planner's warm target). */
  warm: z.number().int().min(0).default(0),
});

export const ScaleSetsSchema = z.array(ScaleSetEntrySchema);
export type ScaleSetConfig = Readonly<z.output<typeof ScaleSetEntrySchema>>;

/** What offload.yaml may hold under `scaleSets:` (checked in full when the config is read). */
export const ScaleSetsFileSchema = z.array(z.record(z.string(), z.unknown()));

/** Parses OFFLOAD_SCALE_SETS (JSON; offload.yaml's `scaleSets:` arrives here as JSON too). */
export function readScaleSets(reader: SettingsReader): readonly ScaleSetConfig[] {
  const text = reader.text("OFFLOAD_SCALE_SETS");
  if (text === null) return [];
  const fix = "Give each scale set name, scope (org or repo), owner, repo (for scope repo) and installationId, and exactly one hf-jobs-<flavor> label among its name and labels.";
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    reader.report("OFFLOAD_SCALE_SETS", "a JSON list of scale sets", fix);
    return [];
  }
  const parsed = ScaleSetsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    reader.report("OFFLOAD_SCALE_SETS", `a list of scale sets (${issues})`, fix);
    return [];
  }
  const wrong = parsed.data.filter((set) => [set.name, ...set.labels].filter(isOffloadLabel).length !== 1 || (set.scope === "repo") !== (set.repo !== undefined));
  const names = parsed.data.map((set) => set.name.toLowerCase());
  if (wrong.length > 0 || new Set(names).size !== names.length) {
    const named = wrong.length > 0 ? wrong.map((set) => set.name).join(", ") : "names repeat";
    reader.report("OFFLOAD_SCALE_SETS", `distinct scale sets, each with exactly one hf-jobs-<flavor> label and repo set only for scope repo (check: ${named})`, fix);
    return [];
  }
  return parsed.data;
}
