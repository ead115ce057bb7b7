import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { OffloadConfig } from "../../config/config.js";
import type { ScaleSetConfig } from "../../config/scale-set-config.js";
import type { ScaleSetMessage, ScaleSetPort, ScaleSetSession, ScaleSetStatistics } from "../../github/actions-service/scale-set-port.js";
import type { Ledger } from "../../ledger/ledger.js";
import type { ReportedDemand } from "../../ledger/record-scale-set-message.js";
import { factFromMessage } from "./facts-from-message.js";
import { routeScaleSetJob, scaleSetKey } from "./scale-set-routing.js";

export interface MessageDeps {
  readonly ledger: Ledger;
  readonly port: ScaleSetPort;
  readonly config: OffloadConfig;
  readonly clock: Clock;
  readonly log: Logger;
  /** The reconciler: some pool's demand changed. */
  readonly wake: () => void;
}

/**
 * One long-poll message, in the order that loses nothing: its facts and statistics are
 * committed to the ledger first; then the available jobs are acquired (as ARC's listener does,
 * before deleting: actions-runner-controller cmd/ghalistener/listener/listener.go l.191-208 @
 * 87938ee5); only then is the message acknowledged. A crash anywhere before the acknowledgement
 * gets the message delivered again, which the ledger recognises by its id and records no twice;
 * acquiring again is harmless (an acquired job is not acquired twice).
 */
export async function handleScaleSetMessage(deps: MessageDeps, set: ScaleSetConfig, session: ScaleSetSession, message: ScaleSetMessage, poolKey: string | null): Promise<{ duplicate: boolean }> {
  const now = deps.clock.iso();
  const facts = message.jobs.flatMap((job) => {
    const found = factFromMessage(job, set, now);
    return found === null ? [] : [{ ...found, routing: routeScaleSetJob(found.fact, set, deps.config) }];
  });
  const outcome = await deps.ledger.recordScaleSetMessage({
    scaleSet: scaleSetKey(set),
    messageId: message.messageId,
    summary: summarise(message),
    facts,
    demand: poolKey === null ? null : toReportedDemand(poolKey, set, message.statistics, now),
    now,
  });
  if (outcome.affectsDemand) deps.wake();
  const available = message.jobs.flatMap((job) => (job.messageType === "JobAvailable" ? [job.runnerRequestId] : []));
  if (available.length > 0) {
    const acquired = await deps.port.acquireJobs(session, available);
    deps.log.debug({ scaleSet: set.name, asked: available.length, acquired: acquired.length }, "scale-set jobs acquired");
  }
  await deps.port.deleteMessage(session, message.messageId);
  return { duplicate: outcome.duplicate };
}

export function toReportedDemand(poolKey: string, set: ScaleSetConfig, stats: ScaleSetStatistics, now: string): ReportedDemand {
  return {
    poolKey,
    scaleSet: scaleSetKey(set),
    assignedJobs: stats.totalAssignedJobs,
    runningJobs: stats.totalRunningJobs,
    availableJobs: stats.totalAvailableJobs,
    registeredRunners: stats.totalRegisteredRunners,
    busyRunners: stats.totalBusyRunners,
    idleRunners: stats.totalIdleRunners,
    warm: set.warm,
    reportedAt: now,
  };
}

function summarise(message: ScaleSetMessage): string {
  const counts = new Map<string, number>();
  for (const job of message.jobs) counts.set(job.messageType, (counts.get(job.messageType) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${type}×${n}`).join(", ") || "statistics only";
}
