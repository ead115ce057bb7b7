import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { findJob } from "./sim-job-routes.js";
import { notifySimJob, toJobInfo } from "./sim-job.js";
import type { SimState } from "./sim-state.js";
import { validateLabels } from "./validate-create-body.js";

const labelsBody = z.strictObject({ labels: z.record(z.string(), z.string()) });

/**
 * `PUT /api/jobs/{ns}/{id}/labels` with `{"labels": {...}}`: replaces every label (`{}` clears
 * them) and answers the job (reference/hf-jobs-api.md §2); labels follow the create rule (§3).
 */
export function registerSimLabelsRoute(app: FastifyInstance, state: SimState): void {
  app.put<{ Params: { namespace: string; id: string } }>("/api/jobs/:namespace/:id/labels", async (request, reply) => {
    const job = findJob(state, request.params, reply);
    if (job === null) return reply;
    const parsed = labelsBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'Invalid body: expected {"labels": {"key": "value", ...}}' });
    const error = validateLabels(parsed.data.labels);
    if (error !== null) return reply.code(400).send({ error });
    job.labels = { ...parsed.data.labels };
    job.updatedAt = state.clock.iso();
    notifySimJob(job);
    return reply.send(toJobInfo(job, state.clock.now()));
  });
}
