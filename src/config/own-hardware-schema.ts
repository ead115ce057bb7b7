import { z } from "zod";

/**
 * offload.yaml sections for label rules across backends and the Docker hosts they run on
 * (issue #11). Referenced from read-config-file.ts by one line; the file's values travel as JSON
 * settings (`OFFLOAD_RULES`, `OFFLOAD_DOCKER`, `OFFLOAD_LOCAL_GPUS`), so the environment can
 * replace a whole section, and read-label-rules.ts checks what zod cannot (references, units).
 */
const gpuList = z.union([z.number().int().min(0).max(64), z.array(z.union([z.string(), z.number().int().min(0)]))]);

export const LabelRuleSchema = z.strictObject({
  /** Names the rule for fallbacks and pages, and is the backend's flavor; default: the first label. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/).optional(),
  /** A label or a pattern (`*` matches any run of characters), or several: a job matches when one of its labels does. */
  labels: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  backend: z.string().min(1),
  image: z.string().min(1).optional(),
  /** The backend's own machine type (HF Jobs flavor), when it has one. */
  flavor: z.string().min(1).optional(),
  cpus: z.number().positive().optional(),
  /** `64g`, `512m` or MiB as a number. */
  memory: z.union([z.string(), z.number().positive()]).optional(),
  /** GPUs per runner; default: the `x<N>` at the end of a flavor-like name (`lab-a100x2` → 2), else 0. */
  gpus: z.number().int().min(0).max(64).optional(),
  hosts: z.array(z.string().min(1)).min(1).optional(),
  timeout: z.union([z.string(), z.number().positive()]).optional(),
  /** A runner group by name (resolved to its id through GitHub) or by id. */
  runnerGroup: z.union([z.string().min(1), z.number().int().positive()]).optional(),
  scope: z.enum(["repo", "org"]).optional(),
  /** Other rules, by name, tried in order when this one's backend refuses, is down or over budget. */
  fallbacks: z.array(z.string().min(1)).optional(),
});

export const DockerHostSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/),
  url: z.string().min(1),
  /** How many GPUs (`8`) or which (`[0, 1, 2, 3]`); unset: `nvidia-smi -L` on a local socket's host, else none. */
  gpus: gpuList.optional(),
  maxRunners: z.number().int().positive().optional(),
  /** Paths of the client certificate files for `tcp://` with TLS. */
  tls: z.strictObject({ ca: z.string(), cert: z.string(), key: z.string() }).optional(),
});

export const DockerSectionSchema = z.strictObject({
  hosts: z.array(DockerHostSchema).min(1),
  /** Container network; default `host`. */
  network: z.string().min(1).optional(),
  /** Default true; false on engines without the NVIDIA runtime (GPUs then only named in NVIDIA_VISIBLE_DEVICES). */
  deviceRequests: z.boolean().optional(),
});

/** The keys this file adds to offload.yaml, and the setting each travels as. */
export const OWN_HARDWARE_FILE_SCHEMA = {
  rules: z.array(LabelRuleSchema).optional(),
  docker: DockerSectionSchema.optional(),
  /** GPUs the local provider hands out on this one server: a count or ids. */
  localGpus: gpuList.optional(),
};

export const OWN_HARDWARE_SETTINGS = { rules: "OFFLOAD_RULES", docker: "OFFLOAD_DOCKER", localGpus: "OFFLOAD_LOCAL_GPUS" } as const;

export type RawLabelRule = z.infer<typeof LabelRuleSchema>;
