import { z } from "zod";
import type { DockerSettings, LabelRule } from "./label-rule.js";
import { DockerSectionSchema, LabelRuleSchema, OWN_HARDWARE_SETTINGS } from "./own-hardware-schema.js";
import { parseDuration } from "./parse-duration.js";
import type { SettingsReader } from "./settings-reader.js";

const FIX = "Correct the rule in offload.yaml (rules); docs/label-rules.md shows every field.";

/** `lab-a100x2` → 2: the GPU count a flavor-like name carries (a model with digits, then x and a count). */
export function gpusFromName(name: string): number {
  const match = /[a-z]+\d+x(\d+)$/i.exec(name);
  return match === null ? 0 : Number(match[1]);
}

/** `64g`, `512m`, `1.5t` or a number of MiB, as MiB; null when unusable. */
export function parseMemoryMb(value: string | number): number | null {
  if (typeof value === "number") return Math.round(value);
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt])?i?b?$/i.exec(value.trim());
  if (match === null) return null;
  const factor = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 }[(match[2] ?? "m").toLowerCase() as "k" | "m" | "g" | "t"];
  const mb = Math.round(Number(match[1]) * factor);
  return mb >= 4 ? mb : null;
}

function parseJson<T>(reader: SettingsReader, name: string, schema: z.ZodType<T>, expected: string): T | null {
  const text = reader.text(name);
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    reader.report(name, `${expected} (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`, FIX);
  } catch {
    reader.report(name, `${expected} as JSON`, FIX);
  }
  return null;
}

/** The `rules` section, normalised, with every problem reported (unknown fallbacks, units, duplicate names). */
export function readLabelRules(reader: SettingsReader, knownBackends: readonly string[], dockerHosts: readonly string[]): LabelRule[] {
  const raw = parseJson(reader, OWN_HARDWARE_SETTINGS.rules, z.array(LabelRuleSchema), "a list of label rules");
  if (raw === null) return [];
  const rules: LabelRule[] = [];
  const problem = (expected: string): void => reader.report(OWN_HARDWARE_SETTINGS.rules, expected, FIX);
  for (const rule of raw) {
    const labels = (typeof rule.labels === "string" ? [rule.labels] : rule.labels).map((label) => label.toLowerCase());
    const name = rule.name ?? labels[0] ?? "";
    const memoryMb = rule.memory === undefined ? null : parseMemoryMb(rule.memory);
    const timeoutSeconds = rule.timeout === undefined ? null : parseDuration(String(rule.timeout));
    if (!knownBackends.includes(rule.backend)) problem(`rule '${name}' to name a backend among ${knownBackends.join(", ")}, not '${rule.backend}'`);
    if (rule.memory !== undefined && memoryMb === null) problem(`rule '${name}' memory like 64g or 512m, not '${rule.memory}'`);
    if (rule.timeout !== undefined && timeoutSeconds === null) problem(`rule '${name}' timeout like 2h or 90m, not '${rule.timeout}'`);
    for (const host of rule.hosts ?? []) if (!dockerHosts.includes(host)) problem(`rule '${name}' hosts among docker.hosts (${dockerHosts.join(", ") || "none"}), not '${host}'`);
    if (rules.some((earlier) => earlier.name === name)) problem(`rule names to be unique; '${name}' is used twice`);
    rules.push({
      name,
      labels,
      backend: rule.backend,
      image: rule.image ?? null,
      flavor: rule.flavor ?? null,
      cpus: rule.cpus ?? null,
      memoryMb,
      gpus: rule.gpus ?? gpusFromName(name),
      hosts: rule.hosts ?? null,
      timeoutSeconds,
      runnerGroup: rule.runnerGroup ?? null,
      scope: rule.scope ?? null,
      fallbacks: rule.fallbacks ?? [],
    });
  }
  for (const rule of rules) {
    for (const fallback of rule.fallbacks) if (!rules.some((other) => other.name === fallback && other !== rule)) problem(`rule '${rule.name}' fallbacks to name other rules, not '${fallback}'`);
  }
  return rules;
}

function gpuIds(gpus: number | readonly (string | number)[] | undefined): string[] | null {
  if (gpus === undefined) return null;
  return typeof gpus === "number" ? Array.from({ length: gpus }, (_, index) => String(index)) : gpus.map(String);
}

/** The `docker` section; null when no Docker host is configured. */
export function readDockerSettings(reader: SettingsReader): DockerSettings | null {
  const raw = parseJson(reader, OWN_HARDWARE_SETTINGS.docker, DockerSectionSchema, "a docker section with hosts");
  if (raw === null) return null;
  return {
    hosts: raw.hosts.map((host) => ({ name: host.name, url: host.url, gpus: gpuIds(host.gpus), maxRunners: host.maxRunners ?? null, tls: host.tls ?? null })),
    network: raw.network ?? "host",
    deviceRequests: raw.deviceRequests ?? true,
  };
}

/** `localGpus`: the GPU ids the local provider hands out; empty without any. */
export function readLocalGpus(reader: SettingsReader): string[] {
  const raw = parseJson(reader, OWN_HARDWARE_SETTINGS.localGpus, z.union([z.number().int().min(0).max(64), z.array(z.union([z.string(), z.number().int().min(0)]))]), "a GPU count or a list of GPU ids");
  return gpuIds(raw ?? undefined) ?? [];
}
