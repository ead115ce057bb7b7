import type { Logger } from "pino";
import type { GitHubClient } from "../github/create-github-client.js";
import type { RateBudget } from "./rate-budget.js";
import type { FoundJobDeps } from "./record-found-job.js";

/** The part of the GitHub client the missed-work finder uses. */
export type MissedWorkGitHub = Pick<GitHubClient, "appOctokit" | "installationOctokit" | "rateLimit" | "getJob">;

/** What the poller, the refresh and redelivery need: intake's effects plus GitHub, a log and the shared budget. */
export interface MissedWorkDeps extends FoundJobDeps {
  readonly github: MissedWorkGitHub;
  readonly log: Logger;
  /** Shared by all three, so together they never dig into the reserve kept for launches. */
  readonly budget: RateBudget;
}
