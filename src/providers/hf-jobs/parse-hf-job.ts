import { z } from "zod";

/**
 * The part of HF's job object (reference/hf-jobs-api.md §4) the provider reads. Parsed leniently:
 * fields HF adds or drops later must not break inspect; `secrets` is never read.
 */
const hfJobSchema = z.object({
  id: z.string().min(1),
  createdAt: z.string().nullish(),
  startedAt: z.string().nullish(),
  finishedAt: z.string().nullish(),
  // huggingface_hub 2.0.0 types both as `dict[str, Any]`: a value of another type must not fail
  // the whole inspect, so values are read as strings only where used.
  environment: z.record(z.string(), z.unknown()).nullish(),
  labels: z.record(z.string(), z.unknown()).nullish(),
  status: z.object({ stage: z.string(), message: z.string().nullish() }),
});

export type HfJob = z.infer<typeof hfJobSchema>;

export function parseHfJob(body: unknown): HfJob {
  return hfJobSchema.parse(body);
}

export function parseHfJobList(body: unknown): HfJob[] {
  return z.array(hfJobSchema).parse(body);
}
