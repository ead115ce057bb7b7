import { sql } from "kysely";
import { claimPlanned } from "./claim-planned.js";
import { claimRunners } from "./claim-runners.js";
import { clearPoolBackoff } from "./clear-pool-backoff.js";
import { createSnapshotReader } from "./create-snapshot-reader.js";
import { findJob } from "./find-job.js";
import { readPoolFacts } from "./read-pool-facts.js";
import { readQueue } from "./read-queue.js";
import { findKnownDeliveries } from "./find-known-deliveries.js";
import type { Ledger } from "./ledger.js";
import type { LedgerDb } from "./ledger-database.js";
import { ledgerFailure } from "./ledger-failure.js";
import { listDeliveries } from "./list-deliveries.js";
import { listJobEvents } from "./list-job-events.js";
import { listJobs } from "./list-jobs.js";
import { listPools } from "./list-pools.js";
import { getRunner, listRunners } from "./list-runners.js";
import { markRunnerBusy } from "./mark-runner-busy.js";
import { markRunnerCancelling } from "./mark-runner-cancelling.js";
import { markRunnerEnded } from "./mark-runner-ended.js";
import { markRunnerLaunched } from "./mark-runner-launched.js";
import { markRunnerRegistered } from "./mark-runner-registered.js";
import { noteJob } from "./note-job.js";
import { approveRuns } from "./approve-runs.js";
import { listCheckRunWork } from "./list-check-run-work.js";
import { listRunRecords } from "./list-run-records.js";
import { listRunnerUsage } from "./list-runner-usage.js";
import { listPublicQueuedRuns } from "./list-public-queued-runs.js";
import { recordCheckRun } from "./record-check-run.js";
import { recordRunFacts } from "./record-run-facts.js";
import { noteHeldJobs } from "./note-held-jobs.js";
import { noteLaunchConfig } from "./note-launch-config.js";
import { recordDelivery } from "./record-delivery.js";
import { recordJobFact } from "./record-job-fact.js";
import { recordPoolFailure } from "./record-pool-failure.js";
import { recordPoolSuccess } from "./record-pool-success.js";
import { acquireLease } from "./acquire-lease.js";
import { releaseLease } from "./release-lease.js";
import { upsertPool } from "./upsert-pool.js";
import type { Transition } from "./transition.js";
import { recordReportedDemand, recordScaleSetMessage } from "./record-scale-set-message.js";
import { findScaleSetSession, forgetScaleSetSession, readReportedDemand, saveScaleSetSession } from "./scale-set-sessions.js";
import type { TransitionRunner } from "./transition-runner.js";

/**
 * The `Ledger` over a migrated database: every transition is one transaction of the dialect's
 * runner; single-statement reads for pages and commands go through Kysely. Each failure is an
 * `OffloadError`; `where` names the database in messages (never a password).
 */
export function createLedger(db: LedgerDb, runner: TransitionRunner, where: string, close: () => Promise<void>): Ledger {
  const { dialect } = runner;
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw ledgerFailure(what, where, error);
    }
  };
  const snapshots = createSnapshotReader(dialect);
  const write = <T>(what: string, transition: () => Transition<T>): Promise<T> => guard(what, () => runner.write(transition()));
  // Tells the snapshot reader, inside the transaction, that runners may have changed.
  const writeRunners = <T>(what: string, transition: () => Transition<T>): Promise<T> =>
    write(what, function* () {
      snapshots.runnersChanged();
      return yield* transition();
    });
  const read = <T>(what: string, work: (tx: LedgerDb) => Promise<T>): Promise<T> => guard(what, () => work(db));
  let closed: Promise<void> | null = null;

  return {
    // Only a started or completed job can make one of our runners busy.
    recordJobFact: (input) => (input.fact.status === "in_progress" || input.fact.status === "completed" ? writeRunners : write)(`Recording a fact of job '${input.fact.jobId}'`, () => recordJobFact(dialect, input)),
    recordDelivery: (delivery) => write(`Recording delivery '${delivery.guid}'`, () => recordDelivery(delivery)),
    snapshot: () => guard("Reading the reconcile snapshot", () => runner.read(snapshots.read())),
    poolFacts: (options) => guard("Reading the pools' facts", () => runner.read(readPoolFacts(options))),
    queue: () => guard("Reading the queue", () => runner.read(readQueue())),
    claimPlanned: (input) => writeRunners(`Claiming runners for pools '${input.poolKeys.join(", ")}'`, () => claimPlanned(dialect, input)),
    claimRunners: (plans, now) => writeRunners(`Claiming runners '${plans.map((p) => p.name).join(", ")}'`, () => claimRunners(plans, now)),
    markRunnerRegistered: (name, id, now) => writeRunners(`Marking runner '${name}' registered`, () => markRunnerRegistered(dialect, name, id, now)),
    markRunnerLaunched: (name, computeId, now, note) => writeRunners(`Marking runner '${name}' launched`, () => markRunnerLaunched(dialect, name, computeId, now, note ?? null)),
    markRunnerBusy: (name, jobId, now) => writeRunners(`Marking runner '${name}' busy`, () => markRunnerBusy(dialect, name, jobId, now)),
    markRunnerCancelling: (name, reason, now, options) => writeRunners(`Marking runner '${name}' cancelling`, () => markRunnerCancelling(dialect, name, reason, now, options)),
    markRunnerEnded: (name, state, reason, now) => writeRunners(`Marking runner '${name}' ${state}`, () => markRunnerEnded(dialect, name, state, reason, now)),
    recordPoolFailure: (key, error, retryAt, now) => write(`Recording a failure of pool '${key}'`, () => recordPoolFailure(key, error, retryAt, now)),
    recordPoolSuccess: (key, now) => write(`Recording a success of pool '${key}'`, () => recordPoolSuccess(key, now)),
    ensurePools: (pools, now) =>
      write("Writing warm pools", function* () {
        for (const pool of pools) yield* upsertPool(pool, now);
      }),
    clearPoolBackoff: (key, now) => write(`Clearing the backoff of pool '${key}'`, () => clearPoolBackoff(dialect, key, now)),
    noteLaunchConfig: (fingerprint, now) => write("Noting the launch configuration", () => noteLaunchConfig(fingerprint, now)),
    noteJob: (jobId, kind, detail, now) => write(`Noting job '${jobId}'`, () => noteJob(jobId, kind, detail, now)),
    listJobs: (filter) => read("Listing jobs", (tx) => listJobs(tx, filter)),
    getJob: (jobId) => guard(`Reading job '${jobId}'`, () => runner.read(findJob(dialect, jobId))),
    jobEvents: (jobId) => read(`Reading the history of job '${jobId}'`, (tx) => listJobEvents(tx, jobId)),
    listRunners: (filter) => read("Listing runners", (tx) => listRunners(tx, filter)),
    getRunner: (name) => read(`Reading runner '${name}'`, (tx) => getRunner(tx, name)),
    listPools: () => read("Listing pools", listPools),
    listDeliveries: (limit) => read("Listing deliveries", (tx) => listDeliveries(tx, limit)),
    findKnownDeliveries: (guids) => read("Looking up deliveries", (tx) => findKnownDeliveries(tx, guids)),
    recordRunFacts: (facts, now) => write(`Recording facts of run '${facts.runId}'`, () => recordRunFacts(facts, now)),
    approveRuns: (target, by, now) => write(`Approving runs of '${target.repo}'`, () => approveRuns(target, by, now)),
    noteHeldJobs: (jobIds, reason, now) => write(`Noting ${jobIds.length} held job(s)`, () => noteHeldJobs(jobIds, reason, now)),
    publicQueuedRuns: () => guard("Reading the queued jobs of public runs", () => runner.read(listPublicQueuedRuns())),
    listRuns: (runIds) => read("Listing runs", (tx) => listRunRecords(tx, runIds)),
    checkRunWork: (input) => guard("Reading the check runs due", () => runner.read(listCheckRunWork(input))),
    recordCheckRun: (jobId, checkRunId, posted, now) => write(`Recording the check run of job '${jobId}'`, () => recordCheckRun(jobId, checkRunId, posted, now)),
    runnerUsage: (since) => read("Reading runner usage", (tx) => listRunnerUsage(tx, since)),
    acquireLease: (input) => guard(`Acquiring lease '${input.name}'`, () => (runner.writeUrgent ?? runner.write)(acquireLease(input))),
    releaseLease: (name, holder) => guard(`Releasing lease '${name}'`, () => (runner.writeUrgent ?? runner.write)(releaseLease(name, holder))),
    // A JobStarted can make one of our runners busy, as a webhook's in_progress does.
    recordScaleSetMessage: (input) => writeRunners(`Recording message '${input.messageId}' of scale set '${input.scaleSet}'`, () => recordScaleSetMessage(dialect, input)),
    recordReportedDemand: (demand) => write(`Recording the demand of pool '${demand.poolKey}'`, () => recordReportedDemand(demand)),
    reportedDemand: () => guard("Reading the reported demand", () => runner.read(readReportedDemand())),
    saveScaleSetSession: (record) => write(`Recording the session of scale set '${record.scaleSet}'`, () => saveScaleSetSession(record)),
    forgetScaleSetSession: (scaleSet, sessionId) => write(`Forgetting the session of scale set '${scaleSet}'`, () => forgetScaleSetSession(scaleSet, sessionId)),
    findScaleSetSession: (scaleSet) => guard(`Reading the session of scale set '${scaleSet}'`, () => runner.read(findScaleSetSession(scaleSet))),
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => (closed ??= close()),
  };
}
