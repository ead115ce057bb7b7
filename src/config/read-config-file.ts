import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { ConfigProblem } from "./config.js";
import { BudgetsSchema, PolicySchema } from "./policy-schema.js";
import { OWN_HARDWARE_FILE_SCHEMA, OWN_HARDWARE_SETTINGS } from "./own-hardware-schema.js";
import { KubernetesFileSchema } from "./kubernetes-settings.js";
import type { RawSetting } from "./settings-reader.js";
import { ScaleSetsFileSchema } from "./scale-set-config.js";
import { WARM_POOLS_SETTING, WarmPoolsSchema } from "./warm-pools.js";

/** offload.yaml keys (camelCase) and the environment variable each one stands for. */
export const FILE_KEYS = {
  ghAppId: "GH_APP_ID",
  ghAppPrivateKey: "GH_APP_PRIVATE_KEY",
  ghWebhookSecret: "GH_WEBHOOK_SECRET",
  ghWebhookSecretNext: "GH_WEBHOOK_SECRET_NEXT",
  hfToken: "HF_TOKEN",
  hfNamespace: "HF_NAMESPACE",
  allowedGithubRepositories: "ALLOWED_GITHUB_REPOSITORIES",
  jobTimeout: "JOB_TIMEOUT",
  logLevel: "LOG_LEVEL",
  port: "PORT",
  host: "HOST",
  githubApiUrl: "GITHUB_API_URL",
  hfEndpoint: "HF_ENDPOINT",
  dataDir: "OFFLOAD_DATA_DIR",
  reconcileInterval: "OFFLOAD_RECONCILE_INTERVAL",
  databaseUrl: "DATABASE_URL",
  publicUrl: "OFFLOAD_PUBLIC_URL",
  provider: "OFFLOAD_PROVIDER",
  localRunnerCommand: "OFFLOAD_LOCAL_RUNNER_COMMAND",
  dispatcherId: "OFFLOAD_DISPATCHER_ID",
  runnerScope: "OFFLOAD_RUNNER_SCOPE",
  runnerGroupId: "OFFLOAD_RUNNER_GROUP_ID",
  bootTimeout: "OFFLOAD_BOOT_TIMEOUT",
  scaleSets: "OFFLOAD_SCALE_SETS",
} as const;

const scalar = z.union([z.string(), z.number()]);
const list = z.union([z.string(), z.array(z.string())]);
/** The whole offload.yaml schema; docs/offload-yaml.md is generated from it (npm run docs:config). */
export const FileSchema = z.strictObject({
  ...Object.fromEntries(Object.keys(FILE_KEYS).map((key) => [key, scalar.optional()])),
  allowedGithubRepositories: list.optional(),
  localRunnerCommand: list.optional(),
  /** `RUNNER_IMAGE_<KEY>` as a map: `runnerImages: { cuda13: nvidia/cuda:13... }`. */
  runnerImages: z.record(z.string(), z.string()).optional(),
  /** `OFFLOAD_BOOT_TIMEOUT_<FLAVOR>` as a map: `bootTimeouts: { h200x8: 20m }`. */
  bootTimeouts: z.record(z.string(), scalar).optional(),
  /** Admission policy: allowlists, flavors, concurrency, timeouts, fork pull requests, prices. */
  policy: PolicySchema.optional(),
  /** Hard monthly budgets. */
  budgets: BudgetsSchema.optional(),
  /** Label rules across backends and the Docker hosts: own-hardware-schema.ts. */
  ...OWN_HARDWARE_FILE_SCHEMA,
  /** The Kubernetes provider's section (src/config/kubernetes-settings.ts), carried as `OFFLOAD_KUBERNETES`. */
  kubernetes: KubernetesFileSchema.optional(),
  /** Runner scale sets to listen on (see scale-set-config.ts); read as OFFLOAD_SCALE_SETS JSON. */
  scaleSets: ScaleSetsFileSchema.optional(),
  /** Idle runners kept ready per label: src/config/warm-pools.ts. */
  warmPools: WarmPoolsSchema.optional(),
});

/** The structured sections of offload.yaml, handed on as parsed (not flattened into settings). */
export interface FileSections {
  readonly policy?: z.infer<typeof PolicySchema>;
  readonly budgets?: z.infer<typeof BudgetsSchema>;
}

const SECTION_KEYS = ["policy", "budgets"] as const;

const KNOWN_KEYS = [...Object.keys(FILE_KEYS), "runnerImages", "bootTimeouts", "kubernetes", "warmPools", ...SECTION_KEYS, ...Object.keys(OWN_HARDWARE_SETTINGS)].sort().join(", ");

function toText(key: string, value: unknown): string {
  if (key === "scaleSets") return JSON.stringify(value);
  if (Array.isArray(value)) return key === "localRunnerCommand" ? JSON.stringify(value) : value.join(",");
  return String(value);
}

/**
 * Reads offload.yaml into raw settings keyed by environment name, so the environment can
 * override the file entry by entry and both are validated by the same code.
 */
export function readConfigFile(path: string, readFile: (path: string) => string): { settings: Map<string, RawSetting>; sections: FileSections; problems: ConfigProblem[] } {
  const settings = new Map<string, RawSetting>();
  const sections: { -readonly [K in keyof FileSections]: FileSections[K] } = {};
  const problem = (message: string, fix: string): { settings: Map<string, RawSetting>; sections: FileSections; problems: ConfigProblem[] } => ({
    settings,
    sections,
    problems: [{ setting: "OFFLOAD_CONFIG", message, fix }],
  });
  let document: unknown;
  try {
    document = parseYaml(readFile(path)) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return problem(`OFFLOAD_CONFIG '${path}' in the environment: expected a readable YAML file (${reason})`, "Point OFFLOAD_CONFIG at a readable offload.yaml, or unset it.");
  }
  const parsed = FileSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): ConfigProblem => {
      const nested = issue.path.length > 0 ? `${issue.path.join(".")}.` : "";
      const keys = issue.code === "unrecognized_keys" ? `${nested}${issue.keys.join(", ")}` : issue.path.join(".") || "(top level)";
      const expected = issue.code === "unrecognized_keys" ? (nested === "" ? `only known keys (${KNOWN_KEYS})` : "only the fields docs/label-rules.md lists") : issue.message;
      return { setting: `offload.yaml: ${keys}`, message: `${keys} in offload.yaml (${path}): expected ${expected}`, fix: `Correct or remove ${keys} in ${path}.` };
    });
    return { settings, sections, problems };
  }
  const place = `offload.yaml (${path})`;
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value === undefined) continue;
    if (key === "policy") sections.policy = value as NonNullable<FileSections["policy"]>;
    else if (key === "budgets") sections.budgets = value as NonNullable<FileSections["budgets"]>;
    else if (key === "runnerImages") {
      for (const [imageKey, image] of Object.entries(value as Record<string, string>)) {
        settings.set(`RUNNER_IMAGE_${imageKey.toUpperCase()}`, { value: image, name: `runnerImages.${imageKey}`, place });
      }
    } else if (key === "bootTimeouts") {
      for (const [flavor, timeout] of Object.entries(value as Record<string, string | number>)) {
        settings.set(`OFFLOAD_BOOT_TIMEOUT_${flavor.toUpperCase().replaceAll("-", "_")}`, { value: String(timeout), name: `bootTimeouts.${flavor}`, place });
      }
    } else if (key in OWN_HARDWARE_SETTINGS) {
      settings.set(OWN_HARDWARE_SETTINGS[key as keyof typeof OWN_HARDWARE_SETTINGS], { value: JSON.stringify(value), name: key, place });
    } else if (key === "kubernetes") {
      settings.set("OFFLOAD_KUBERNETES", { value: JSON.stringify(value), name: "kubernetes", place });
    } else if (key === "warmPools") {
      settings.set(WARM_POOLS_SETTING, { value: JSON.stringify(value), name: "warmPools", place });
    } else {
      settings.set(FILE_KEYS[key as keyof typeof FILE_KEYS], { value: toText(key, value), name: key, place });
    }
  }
  return { settings, sections, problems: [] };
}
