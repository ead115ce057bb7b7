import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

/**
 * The one Octokit class offload uses. Plugin order matters: a plugin listed later wraps the ones
 * before it, so throttling (which re-queues after a rate limit) sits outside retry (which repeats
 * a request after a 5xx), and both sit outside the auth hook that core installs first.
 */
export const OffloadOctokit = Octokit.plugin(paginateRest, retry, throttling);

/** An instance of {@link OffloadOctokit}: `request`, `paginate`, `hook`, `auth`. */
export type OffloadOctokitInstance = InstanceType<typeof OffloadOctokit>;
