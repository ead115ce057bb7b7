import type { FastifyInstance } from "fastify";
import type { OffloadConfig } from "../config/config.js";
import { OffloadError } from "../errors/offload-error.js";
import type { Ledger } from "../ledger/ledger.js";

/** Cancels one workflow run on GitHub, as the installation that delivered the job. */
export type CancelRun = (repo: string, runId: number, installationId: number) => Promise<void>;

/**
 * `POST /api/jobs/:id/cancel`. GitHub owns the job, so offload cannot mark it cancelled in its
 * ledger; it asks GitHub to cancel the job's workflow run, and the `completed` webhook that
 * follows stops or never starts the compute, as for a cancel from GitHub's page.
 */
export function registerCancelRoute(app: FastifyInstance, deps: { config: OffloadConfig; cancelRun?: CancelRun | undefined }, ledger: () => Ledger): void {
  app.post<{ Params: { id: string } }>("/api/jobs/:id/cancel", async (request, reply) => {
    const id = /^\d{1,16}$/.test(request.params.id) ? Number(request.params.id) : NaN;
    const job = Number.isSafeInteger(id) ? await ledger().getJob(id) : null;
    if (job === null) throw new OffloadError("OFFLOAD_NOT_FOUND", `job '${request.params.id.slice(0, 40)}' in the ledger: no such job`);
    if (job.status === "completed") {
      throw new OffloadError("OFFLOAD_CANCEL_REFUSED", `job '${job.jobId}' in ${job.repo}: already completed (${job.conclusion ?? "no conclusion"}), nothing to cancel`);
    }
    if (deps.cancelRun === undefined) {
      if (deps.config.missing.length > 0) throw new OffloadError("OFFLOAD_NEEDS_SETUP", `cancel in POST /api/jobs/${job.jobId}/cancel: this dispatcher needs setup (${deps.config.missing.join(", ")})`);
      throw new OffloadError("OFFLOAD_NOT_AVAILABLE", `cancel in POST /api/jobs/${job.jobId}/cancel: this dispatcher was started without a way to cancel runs on GitHub`);
    }
    await deps.cancelRun(job.repo, job.runId, job.installationId);
    request.log.info({ job: job.jobId, run: job.runId, repo: job.repo }, "asked GitHub to cancel a workflow run");
    return reply.status(202).send({
      jobId: job.jobId,
      runId: job.runId,
      repo: job.repo,
      requested: true,
      detail: `GitHub was asked to cancel run ${job.runId} of ${job.repo}; the job completes as cancelled when GitHub says so`,
    });
  });
}
