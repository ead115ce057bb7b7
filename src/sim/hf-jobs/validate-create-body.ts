import { z } from "zod";
import { SIM_HARDWARE } from "./sim-hardware.js";

const LABEL = /^[A-Za-z0-9_-]{0,100}$/;
const stringRecord = z.record(z.string(), z.string());

const createBodySchema = z.object({
  dockerImage: z.string().min(1).optional(),
  spaceId: z.string().min(1).optional(),
  command: z.array(z.string()).default([]),
  arguments: z.array(z.string()).default([]),
  environment: stringRecord.default({}),
  secrets: stringRecord.default({}),
  flavor: z.string().default("cpu-basic"),
  timeoutSeconds: z.number().int().positive().optional(),
  labels: stringRecord.default({}),
});

export type CreateBody = z.infer<typeof createBodySchema>;

/** HF's server default when no timeout is given (reference §11). */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/** The body as HF would accept it, or the `error` text of its 400 answer. */
export function validateCreateBody(body: unknown): { ok: true; body: CreateBody } | { ok: false; error: string } {
  const parsed = createBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `Invalid job spec: ${issue?.path.join(".") ?? "body"}: ${issue?.message ?? "invalid"}` };
  }
  const spec = parsed.data;
  if ((spec.dockerImage === undefined) === (spec.spaceId === undefined)) {
    return { ok: false, error: "Invalid job spec: exactly one of dockerImage or spaceId is required" };
  }
  if (!SIM_HARDWARE.has(spec.flavor)) {
    return { ok: false, error: `Invalid flavor '${spec.flavor}': expected one of ${[...SIM_HARDWARE.keys()].join(", ")}` };
  }
  for (const [key, value] of Object.entries(spec.labels)) {
    if (key === "" || !LABEL.test(key) || !LABEL.test(value)) {
      return { ok: false, error: `Invalid label '${key}=${value}': keys and values may only contain letters, digits, '-' and '_' (max 100 characters)` };
    }
  }
  return { ok: true, body: spec };
}
