import { z } from "zod";
import { FORK_ACTIONS } from "../policy/policy.js";

const globs = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));
const duration = z.union([z.string(), z.number()]);
const usd = z.number().nonnegative();

/** offload.yaml `policy:`: who may run what on which hardware (docs/offload-yaml.md). */
export const PolicySchema = z.strictObject({
  repositories: z
    .strictObject({
      allow: globs.optional(),
      deny: globs.optional(),
      default: z.enum(["allow", "deny"]).optional(),
    })
    .optional(),
  flavors: z
    .array(
      z.strictObject({
        repositories: globs.optional(),
        allow: globs.optional(),
        deny: globs.optional(),
        maxGpus: z.number().int().nonnegative().optional(),
      }),
    )
    .optional(),
  concurrency: z
    .strictObject({
      global: z.number().int().positive().optional(),
      perFlavor: z.record(z.string(), z.number().int().positive()).optional(),
      perRepository: z.number().int().positive().optional(),
    })
    .optional(),
  timeouts: z.record(z.string(), duration).optional(),
  forkPullRequests: z
    .strictObject({
      public: z.enum(FORK_ACTIONS).optional(),
      private: z.enum(FORK_ACTIONS).optional(),
      approveLabel: z.string().min(1).optional(),
      sandbox: z.strictObject({ flavor: z.string().min(1), timeout: duration.optional() }).optional(),
    })
    .optional(),
  prices: z.record(z.string(), usd).optional(),
});

/** offload.yaml `budgets:`: hard monthly budgets in USD. */
export const BudgetsSchema = z.array(
  z.strictObject({
    repository: globs.optional(),
    organization: globs.optional(),
    monthly: usd,
  }),
);
