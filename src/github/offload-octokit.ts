import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { parseJsonNatively } from "./parse-json-natively.js";

/**
 * The one Octokit class offload uses. Plugin order matters: a plugin listed later wraps the ones
 * before it, so throttling (which re-queues after a rate limit) sits outside retry (which repeats
 * a request after a 5xx), and both sit outside the auth hook that core installs first; the JSON
 * parser (parse-json-natively.ts) sits outermost and parses once, after any retry.
 */
export const OffloadOctokit = Octokit.plugin(paginateRest, retry, throttling, parseJsonNatively);

/** An instance of {@link OffloadOctokit}: `request`, `paginate`, `hook`, `auth`. */
export type OffloadOctokitInstance = InstanceType<typeof OffloadOctokit>;

/**
 * Octokit for the one call on the launch path, `generate-jitconfig`: core only. plugin-retry and
 * plugin-throttling schedule every request through Bottleneck, which measured 5 ms and 10 ms of
 * added latency per request on loopback (1.6 ms bare) and caps a client at 10 requests in
 * flight, so a burst of launches queued behind itself. That call is never retried anyway (see
 * create-jit-runner.ts), and a rate-limit answer goes to the pool's backoff.
 */
export const LaunchOctokit = Octokit.plugin(parseJsonNatively);
export type LaunchOctokitInstance = InstanceType<typeof LaunchOctokit>;
