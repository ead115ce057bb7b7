import { z } from "zod";
import { SIM_HARDWARE } from "./sim-hardware.js";

const LABEL = /^[A-Za-z0-9_-]{0,100}$/;
const stringRecord = z.record(z.string(), z.string());

/** `volumes` items as huggingface_hub 2.0.0 `Volume.to_dict` sends them (reference/hf-jobs-api.md §3). */
const volumeSchema = z.strictObject({
  type: z.enum(["bucket", "model", "dataset", "space"]),
  source: z.string().min(1),
  mountPath: z.string().startsWith("/"),
  revision: z.string().optional(),
  readOnly: z.boolean().optional(),
  path: z.string().optional(),
});

/**
 * Every field of the create body the reference documents (§3), plus `network`, which
 * huggingface_hub 2.0.0 `_create_job_spec` sends for `--network-group`. Anything else is refused,
 * so a client (ours included) that sends a field HF does not know fails here as it would there.
 */
const createBodySchema = z.strictObject({
  dockerImage: z.string().min(1).optional(),
  spaceId: z.string().min(1).optional(),
  command: z.array(z.string()).default([]),
  arguments: z.array(z.string()).default([]),
  environment: stringRecord.default({}),
  secrets: stringRecord.default({}),
  flavor: z.string().default("cpu-basic"),
  timeoutSeconds: z.number().int().positive().optional(),
  labels: stringRecord.default({}),
  volumes: z.array(volumeSchema).optional(),
  expose: z.strictObject({ ports: z.array(z.number().int().min(1).max(65_535)).min(1) }).optional(),
  ssh: z.strictObject({ enabled: z.boolean() }).optional(),
  resourceGroupId: z.string().min(1).optional(),
  arch: z.enum(["amd64", "arm64"]).default("amd64"),
  attempts: z.number().int().positive().default(1),
  network: z.strictObject({ group: z.string().regex(/^[a-z0-9-]{1,46}$/), aliases: z.array(z.string().regex(/^[a-z0-9-]{1,34}$/)).optional() }).optional(),
});

export type CreateBody = z.infer<typeof createBodySchema>;

/** HF's server default when no timeout is given (reference §11). */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/** The body as HF would accept it, or the `error` text of its 400 answer (reference §1: `{"error": "..."}`). */
export function validateCreateBody(body: unknown): { ok: true; body: CreateBody } | { ok: false; error: string } {
  const parsed = createBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === "unrecognized_keys") {
      const where = issue.path.length === 0 ? "" : ` in ${issue.path.join(".")}`;
      return { ok: false, error: `Invalid job spec: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}${where}` };
    }
    return { ok: false, error: `Invalid job spec: ${issue?.path.join(".") ?? "body"}: ${issue?.message ?? "invalid"}` };
  }
  const spec = parsed.data;
  if ((spec.dockerImage === undefined) === (spec.spaceId === undefined)) {
    return { ok: false, error: "Invalid job spec: exactly one of dockerImage or spaceId is required" };
  }
  if (!SIM_HARDWARE.has(spec.flavor)) {
    return { ok: false, error: `Invalid flavor '${spec.flavor}': expected one of ${[...SIM_HARDWARE.keys()].join(", ")}` };
  }
  const labelError = validateLabels(spec.labels);
  if (labelError !== null) return { ok: false, error: labelError };
  if (spec.network?.aliases !== undefined && new Set(spec.network.aliases).size !== spec.network.aliases.length) {
    return { ok: false, error: "Invalid job spec: network.aliases must be unique" };
  }
  return { ok: true, body: spec };
}

/**
 * HF's label rule (reference §3: letters, digits, `-`, `_`, at most 100 characters; dots refused),
 * as the error text of its 400, or null when every label passes.
 */
export function validateLabels(labels: Readonly<Record<string, string>>): string | null {
  for (const [key, value] of Object.entries(labels)) {
    if (key === "" || !LABEL.test(key) || !LABEL.test(value)) {
      return `Invalid label '${key}=${value}': keys and values may only contain letters, digits, '-' and '_' (max 100 characters)`;
    }
  }
  return null;
}
