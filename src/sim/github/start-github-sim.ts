import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { systemClock, type Clock } from "../../clock/clock.js";
import { createActionsService, type QueueJobInput } from "./actions-service.js";
import { createAppIdentity } from "./app-identity.js";
import { addCheckRunRoutes } from "./check-run-routes.js";
import { addDeliveryRoutes } from "./delivery-routes.js";
import { buildLabeledPayload, buildRequestedActionPayload, buildWorkflowRunPayload } from "./build-run-event-payloads.js";
import { createRequestHandler, type SimCall } from "./handle-request.js";
import { addInstallationRoutes } from "./installation-routes.js";
import { addJobRoutes } from "./job-routes.js";
import { addManifestRoutes } from "./manifest-routes.js";
import { createOpenApiValidator } from "./openapi-validator.js";
import { createRateLimits } from "./rate-limits.js";
import { createRestFaults, type FaultMatch } from "./rest-faults.js";
import { createRouteTable } from "./route-table.js";
import { addRunnerProtocolRoutes } from "./runner-protocol-routes.js";
import { addRunnerRoutes } from "./runner-routes.js";
import { createSeededRandom } from "./seeded-random.js";
import type { SimContext } from "./sim-context.js";
import { buildWorkflowJobPayload } from "./build-webhook-payload.js";
import { createSimState, findRepo, listLiveRunners, type SimCheckRun, type SimDelivery, type SimJob, type SimRunner } from "./sim-state.js";
import { addSimAccounts, type AddInstallationInput } from "./add-sim-accounts.js";
import { buildHeaders, createWebhookSender, type WebhookFaults } from "./webhook-sender.js";
import { waitForJobs } from "./wait-for-jobs.js";
import { installBatchSim, type BatchSimControl } from "./batch/install-batch-sim.js";
import { addScaleSetService, type ScaleSetSimControls } from "./scale-set/add-scale-set-service.js";
import type { ScaleSetServiceOptions } from "./scale-set/scale-set-service.js";

export type { SimCheckRun, SimDelivery, SimJob, SimRunner } from "./sim-state.js";
export type { SimCall } from "./handle-request.js";

/** Options for `startGitHubSim`. */
export interface GitHubSimOptions {
  /** Added before every REST answer (benchmarks use 40). */
  latencyMs?: number;
  /** Which queued job an online runner gets (default fifo). */
  assignment?: "fifo" | "random";
  /** For random choices and fault injection. */
  seed?: number;
  /** OpenAPI validation of requests and answers, default true. */
  validate?: boolean;
  /** Tokens, JWTs, timestamps and job durations follow this clock; default systemClock. */
  clock?: Clock;
  /**
   * When an ephemeral runner's registration disappears: when its job completes (default, so a
   * DELETE during the job meets GitHub's 422) or as soon as the job is assigned (what
   * actions/runner #4617 observed on github.com).
   */
  ephemeralRemoval?: "on-assign" | "on-complete";
  /** Simulated batch jobs running at once (default 16). */
  batchMaxParallel?: number;
  /** The scale-set service's long-poll and session timeouts (tests make them short). */
  scaleSets?: ScaleSetServiceOptions;
}

/** A running GitHub simulator: REST API, webhook sender, Actions service and runner protocol. */
export interface GitHubSim {
  /** Base URL to use as GITHUB_API_URL, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly app: { id: number; slug: string; clientId: string; privateKeyPem: string; webhookSecret: string };
  /** Where deliveries go (the dispatcher's /webhook); the secret defaults to the App's. */
  setWebhookTarget(url: string | null, secret?: string): void;
  /** Delivers round-robin to several URLs, as a balancer in front of dispatcher replicas would. */
  setWebhookTargets(urls: readonly string[], secret?: string): void;
  addInstallation(input: AddInstallationInput): { installationId: number };
  /** Creates a workflow run (or adds to `runId`) with one job in status queued and delivers `workflow_job.queued`. */
  queueJob(input: QueueJobInput): SimJob;
  /** A repository is private unless made public here (forks' pull requests are held on public ones). */
  setRepoVisibility(fullName: string, visibility: "public" | "private"): void;
  /** Delivers `workflow_run.requested` for a job's run, as GitHub does before the run's jobs queue. */
  announceRun(jobId: number): void;
  /** Someone adds `label` to the pull request of a fork's run (the run a job of it belongs to): `pull_request.labeled`. */
  labelPullRequest(input: { jobId: number; label: string; sender?: string }): void;
  /** Someone presses a check run's button: `check_run.requested_action`. */
  pressCheckRunButton(input: { checkRunId: number; identifier: string; sender?: string }): void;
  /** Check runs posted on the commit of a job's run. */
  checkRunsOf(jobId: number): SimCheckRun[];
  /** Cancels a job: a queued job completes with conclusion cancelled (webhook `completed`, runner fields null). */
  cancelJob(jobId: number): void;
  job(jobId: number): SimJob | undefined;
  jobs(): SimJob[];
  /** Registrations currently known (deleted and consumed ones are gone, as on GitHub). */
  runners(): SimRunner[];
  /** Every delivery attempt, oldest first. */
  readonly deliveries: SimDelivery[];
  /** OpenAPI violations, e.g. "POST /repos/o/r/actions/runners/generate-jitconfig: body/labels must NOT have fewer than 1 items". */
  readonly violations: string[];
  /** Every REST call (not runner-protocol or test-control calls). */
  readonly calls: SimCall[];
  /** A manifest-flow code for `POST /app-manifests/{code}/conversions`, valid one hour, usable once. */
  createManifestCode(manifest: Record<string, unknown>, state?: string): string;
  faults: {
    /** The next `count` REST calls matching method + path regex answer `status` (with retry-after when 429). */
    failNext(match: FaultMatch, status: number, count?: number): void;
    /** Webhook delivery faults from now on, each a probability 0..1 decided by the seeded RNG. */
    webhooks(options: Partial<Pick<WebhookFaults, "drop" | "duplicate" | "reorderWindowMs">>): void;
  };
  /**
   * The signed delivery GitHub would send for a job's action, without sending it: for tools that
   * deliver by themselves (the benchmark sends bursts at a chosen concurrency).
   */
  renderDelivery(jobId: number, action: "queued" | "in_progress" | "completed"): { headers: Record<string, string>; body: string };
  /** Resolves once every webhook delivery in flight or held has finished. */
  settleDeliveries(): Promise<void>;
  /** The runner scale-set service (scale sets, sessions, messages) and its faults. */
  readonly scaleSets: ScaleSetSimControls;
  /** Resolves when every job is completed (or rejects after timeoutMs with the stuck jobs listed). */
  waitForAllJobsCompleted(timeoutMs: number): Promise<void>;
  /** Repositories, Git Data, secrets and push-triggered runs for `offload batch` (batch/). */
  readonly batch: BatchSimControl;
  close(): Promise<void>;
}

const HOOK_ID = 470_000_001;

function splitRepo(fullName: string): [string, string] {
  const [owner = "", name = ""] = fullName.split("/");
  return [owner, name];
}

export async function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const state = createSimState();
  const context: SimContext = { state, app: createAppIdentity(clock.iso()), clock, rateLimits: createRateLimits(() => clock.now()), url: "" };
  const webhooks = createWebhookSender({ state, clock, random: createSeededRandom(seed ^ 0x5eed), appId: () => context.app.id, hookId: HOOK_ID });
  webhooks.setTarget(null, context.app.webhookSecret);
  const actions = createActionsService({
    state,
    clock,
    webhooks,
    order: options.assignment ?? "fifo",
    random: createSeededRandom(seed),
    ephemeralRemoval: options.ephemeralRemoval ?? "on-complete",
    api: () => context.url,
  });
  const rest = createRouteTable();
  const protocol = createRouteTable();
  addInstallationRoutes(rest, context);
  addRunnerRoutes(rest, context, actions);
  addJobRoutes(rest, context, actions);
  addDeliveryRoutes(rest, context, webhooks);
  addCheckRunRoutes(rest, context);
  const manifests = addManifestRoutes(rest, context, webhooks, HOOK_ID);
  const sessions = addRunnerProtocolRoutes(protocol, state, actions);
  // The simulated runner machine's PATH, so scripts find bash and their tools.
  const batch = await installBatchSim({ context, rest, protocol, baseEnv: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" }, ...(options.batchMaxParallel === undefined ? {} : { maxParallel: options.batchMaxParallel }) });
  const unlisted = createRouteTable();

  const closing = new AbortController();
  // Every request or job in flight listens to it; a burst has hundreds at once.
  setMaxListeners(0, closing.signal);
  const violations: string[] = [];
  const scaleSets = addScaleSetService({ rest, unlisted, context, actions, violations, options: options.scaleSets ?? {} });
  const calls: SimCall[] = [];
  const faults = createRestFaults();
  const validator = options.validate === false ? null : createOpenApiValidator();
  const handler = createRequestHandler({ context, rest, protocol, unlisted, validator, faults, latencyMs: options.latencyMs ?? 0, violations, calls, closing: closing.signal });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  context.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = addSimAccounts(state, clock);
  const runOf = (jobId: number) => {
    const job = state.jobs.get(jobId);
    const run = job === undefined ? undefined : state.runs.get(job.runId);
    const repo = run === undefined ? undefined : state.repos.get(run.repoId);
    if (job === undefined || run === undefined || repo === undefined) throw new Error(`unknown job ${jobId}`);
    return { job, run, repo };
  };

  return {
    url: context.url,
    get app() {
      const { id, slug, clientId, privateKeyPem, webhookSecret } = context.app;
      return { id, slug, clientId, privateKeyPem, webhookSecret };
    },
    setWebhookTarget: (url, secret) => webhooks.setTarget(url, secret ?? context.app.webhookSecret),
    setWebhookTargets: (urls, secret) => webhooks.setTargets(urls, secret ?? context.app.webhookSecret),
    addInstallation: (input) => accounts.addInstallation(input),
    queueJob: (input) => actions.queueJob(input),
    cancelJob: (jobId) => actions.cancelJob(jobId),
    setRepoVisibility: (fullName, visibility) => {
      const repo = findRepo(state, ...splitRepo(fullName));
      if (repo === undefined) throw new Error(`setRepoVisibility: unknown repository ${fullName}`);
      state.repos.set(repo.id, { ...repo, private: visibility === "private" });
    },
    announceRun: (jobId) => {
      const { job, run, repo } = runOf(jobId);
      const payload = buildWorkflowRunPayload({ run, repo, jobs: run.jobIds.flatMap((id) => state.jobs.get(id) ?? []), api: context.url });
      webhooks.send({ event: "workflow_run", action: "requested", payload, orderKey: `job:${job.id}`, installationId: repo.installationId, repositoryId: repo.id, jobId: null });
    },
    labelPullRequest: ({ jobId, label, sender }) => {
      const { run, repo } = runOf(jobId);
      if (run.pullRequest === undefined) throw new Error(`labelPullRequest: the run of job ${jobId} is not a pull request`);
      const payload = buildLabeledPayload({ repo, number: run.pullRequest, headSha: run.headSha, headRepo: run.headRepoFullName ?? repo.fullName, label, sender: sender ?? "maintainer", api: context.url });
      webhooks.send({ event: "pull_request", action: "labeled", payload, orderKey: `pr:${run.pullRequest}`, installationId: repo.installationId, repositoryId: repo.id, jobId: null });
    },
    pressCheckRunButton: ({ checkRunId, identifier, sender }) => {
      const check = state.checkRuns.get(checkRunId);
      const repo = check === undefined ? undefined : state.repos.get(check.repoId);
      if (check === undefined || repo === undefined) throw new Error(`pressCheckRunButton: unknown check run ${checkRunId}`);
      if (!check.actions.some((action) => action.identifier === identifier)) throw new Error(`pressCheckRunButton: check run ${checkRunId} has no button '${identifier}'`);
      const payload = buildRequestedActionPayload({ repo, checkRunId, headSha: check.headSha, identifier, sender: sender ?? "maintainer", api: context.url });
      webhooks.send({ event: "check_run", action: "requested_action", payload, orderKey: `check:${checkRunId}`, installationId: repo.installationId, repositoryId: repo.id, jobId: null });
    },
    checkRunsOf: (jobId) => {
      const { run, repo } = runOf(jobId);
      return [...state.checkRuns.values()].filter((check) => check.repoId === repo.id && check.headSha === run.headSha).map((check) => ({ ...check, history: [...check.history] }));
    },
    job: (jobId) => {
      const job = state.jobs.get(jobId);
      return job === undefined ? undefined : { ...job, labels: [...job.labels] };
    },
    jobs: () => [...state.jobs.values()].map((job) => ({ ...job, labels: [...job.labels] })),
    runners: () =>
      listLiveRunners(state).map(({ id, name, labels, status, busy, ephemeral, scope, runnerGroupId, os, version }) => ({
        id, name, labels: [...labels], status, busy, ephemeral, scope, runnerGroupId, os, version,
      })),
    deliveries: state.deliveries,
    violations,
    calls,
    createManifestCode: (manifest, csrfState) => manifests.create(manifest, csrfState),
    faults: {
      failNext: (match, status, count) => faults.failNext(match, status, count),
      webhooks: (settings) => webhooks.setFaults(settings),
    },
    renderDelivery: (jobId, action) => {
      const job = state.jobs.get(jobId);
      const run = job === undefined ? undefined : state.runs.get(job.runId);
      const repo = run === undefined ? undefined : findRepo(state, ...splitRepo(job?.repo ?? ""));
      if (job === undefined || run === undefined || repo === undefined) throw new Error(`renderDelivery: unknown job ${jobId}`);
      const payload = buildWorkflowJobPayload({ action, job, run, repo, installationId: repo.installationId, api: context.url });
      const body = JSON.stringify(payload);
      const headers = buildHeaders("workflow_job", randomUUID(), body, context.app.webhookSecret, HOOK_ID, context.app.id, "GitHub-Hookshot/offload-sim");
      return { headers, body };
    },
    settleDeliveries: () => webhooks.settle(),
    scaleSets,
    waitForAllJobsCompleted: (timeoutMs) => waitForJobs(state, actions, timeoutMs),
    batch,
    async close() {
      closing.abort();
      await batch.close();
      actions.close();
      webhooks.close();
      sessions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await webhooks.settle();
    },
  };
}
