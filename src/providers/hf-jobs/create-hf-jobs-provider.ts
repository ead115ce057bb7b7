import pino, { type Logger } from "pino";
import { systemClock, type Clock } from "../../clock/clock.js";
import type { Secret } from "../../config/secret.js";
import { createUndiciFetch } from "../../http/create-undici-fetch.js";
import { DEFAULT_REQUEST_BACKOFF, type BackoffPolicy } from "../backoff.js";
import type { Provider } from "../provider.js";
import { buildRunnerBootstrapCommand } from "../runner-bootstrap.js";
import { DISPATCHER_LABEL, sanitiseHfLabel } from "./build-hf-labels.js";
import { cancelHfJob } from "./cancel-hf-job.js";
import { createHfJobsContext } from "./hf-jobs-context.js";
import { inspectHfJob } from "./inspect-hf-job.js";
import { launchHfJob } from "./launch-hf-job.js";
import { listHfJobs } from "./list-hf-jobs.js";
import { streamHfLogs } from "./stream-hf-logs.js";
import { ACTIVE_HF_STAGES, toComputeStatus } from "./to-compute-status.js";

/** How to reach HF Jobs and which of its jobs are ours. */
export interface HfJobsProviderOptions {
  /** `HF_ENDPOINT`, e.g. https://huggingface.co. */
  readonly endpoint: string;
  readonly token: Secret;
  /** `HF_NAMESPACE`: the user or organisation that owns and pays for the jobs. */
  readonly namespace: string;
  /** Becomes the `offload-dispatcher` label; listOurs returns only jobs carrying it. */
  readonly dispatcherId: string;
  readonly fetch?: typeof fetch;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Retries of one call; tests shorten it. */
  readonly backoff?: BackoffPolicy;
  /** Random draw for jitter; tests pin it. */
  readonly random?: () => number;
  /** Default 30 s per non-streaming call. */
  readonly requestTimeoutMs?: number;
  /** Default 5 s: a non-follow log stream silent this long is drained. */
  readonly logIdleMs?: number;
  /** Default 120 s: a follow log stream silent this long is re-checked. */
  readonly logFollowIdleMs?: number;
  /**
   * Default 5 s: a followed log stream with no new line this long has the job inspected, and the
   * follow ends if the job has ended (HF may keep the stream open after the job ends).
   */
  readonly logQuietMs?: number;
  /** Command when a spec brings none; default: the runner bootstrap run by `bash -c`. */
  readonly defaultCommand?: readonly string[];
}

/** The `hf-jobs` provider over the HF Jobs HTTP API (reference/hf-jobs-api.md). */
export function createHfJobsProvider(options: HfJobsProviderOptions): Provider {
  const log = (options.log ?? pino({ enabled: false })).child({ provider: "hf-jobs" });
  const context = createHfJobsContext({
    endpoint: options.endpoint,
    token: options.token,
    namespace: options.namespace,
    dispatcherId: options.dispatcherId,
    fetch: options.fetch ?? createUndiciFetch(),
    clock: options.clock ?? systemClock,
    log,
    backoff: options.backoff ?? DEFAULT_REQUEST_BACKOFF,
    random: options.random ?? Math.random,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    logIdleMs: options.logIdleMs ?? 5_000,
    logFollowIdleMs: options.logFollowIdleMs ?? 120_000,
    logQuietMs: options.logQuietMs ?? 5_000,
  });
  let defaultCommand = options.defaultCommand;
  return {
    name: "hf-jobs",
    launch: (spec) => launchHfJob(context, spec, (defaultCommand ??= buildRunnerBootstrapCommand())),
    inspect: (id) => inspectHfJob(context, id),
    cancel: (id) => cancelHfJob(context, id),
    listOurs: async () => (await listHfJobs(context, { [DISPATCHER_LABEL]: sanitiseHfLabel(options.dispatcherId) }, ACTIVE_HF_STAGES)).map(toComputeStatus),
    logs: (id, logOptions) => streamHfLogs(context, id, logOptions),
  };
}
