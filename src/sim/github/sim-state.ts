/** An account (user or organisation) that can install the App. */
export interface SimAccount {
  readonly login: string;
  readonly id: number;
  readonly type: "User" | "Organization";
}

/** A repository the simulator knows; `installationId` is the installation that covers it. */
export interface SimRepo {
  readonly id: number;
  readonly owner: SimAccount;
  readonly name: string;
  readonly fullName: string;
  readonly installationId: number;
  /** Repositories are private unless made public (`setRepoVisibility`): forks' pull requests matter there. */
  readonly private?: boolean;
}

/** An App installation on one account, with the repositories it was given. */
export interface SimInstallation {
  readonly id: number;
  readonly account: SimAccount;
  readonly repoIds: number[];
  readonly permissions: Readonly<Record<string, "read" | "write">>;
  readonly createdAt: string;
}

/** An installation access token; `repoIds` null means every repository of the installation. */
export interface SimToken {
  readonly token: string;
  readonly installationId: number;
  readonly expiresAt: number;
  readonly repoIds: readonly number[] | null;
  readonly permissions: Readonly<Record<string, "read" | "write">>;
}

/** A workflow job as the simulated Actions service holds it. */
export interface SimJob {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  /** `owner/name` as created. */
  readonly repo: string;
  readonly name: string;
  readonly workflowName: string;
  readonly labels: readonly string[];
  readonly status: "queued" | "in_progress" | "completed";
  readonly conclusion: "success" | "failure" | "cancelled" | null;
  readonly runnerId: number | null;
  readonly runnerName: string | null;
  readonly runnerGroupId: number | null;
  readonly runnerGroupName: string | null;
  readonly createdAt: string;
  readonly startedAt: string;
  readonly completedAt: string | null;
  /** How long the job runs once a runner takes it. */
  readonly durationMs: number;
  /** The conclusion it reaches when it runs to the end. */
  readonly plannedConclusion: "success" | "failure";
}

/** A self-hosted runner registration. */
export interface SimRunner {
  readonly id: number;
  readonly name: string;
  readonly labels: readonly string[];
  readonly status: "online" | "offline";
  readonly busy: boolean;
  readonly ephemeral: boolean;
  /** `repo:owner/name` or `org:owner`, lower-case, like `formatScope` in src/github. */
  readonly scope: string;
  readonly runnerGroupId: number;
  readonly os: string;
  readonly version: string | null;
}

/** One webhook delivery attempt, as the deliveries API reports it. */
export interface SimDelivery {
  readonly id: number;
  readonly guid: string;
  readonly event: string;
  readonly action: string | null;
  /** HTTP status the target answered; 0 when it never answered (refused, timed out, dropped). */
  readonly statusCode: number;
  /** GitHub's words: `OK`, `Invalid HTTP Response: 500`, `timed out`, `failed to connect`. */
  readonly status: string;
  readonly ok: boolean;
  readonly redelivery: boolean;
  readonly deliveredAt: string;
  readonly durationMs: number;
  readonly installationId: number | null;
  readonly repositoryId: number | null;
  /** Set for `workflow_job` deliveries. */
  readonly jobId: number | null;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The exact bytes sent, so a redelivery repeats them. */
  readonly body: string;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: string | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A run groups jobs; its status is derived from theirs. */
export interface SimRun {
  readonly id: number;
  readonly repoId: number;
  readonly runNumber: number;
  readonly workflowName: string;
  readonly headSha: string;
  readonly headBranch: string;
  readonly createdAt: string;
  updatedAt: string;
  readonly jobIds: number[];
  /** What triggered the run; `push` when absent. */
  readonly event?: string;
  /** For a fork's pull request: the fork's `owner/name`, and the pull request's number. */
  readonly headRepoFullName?: string;
  readonly pullRequest?: number;
}

/** A check run an App posted on a commit (github-protocol.md: checks need `checks: write`). */
export interface SimCheckRun {
  readonly id: number;
  readonly repoId: number;
  readonly name: string;
  readonly headSha: string;
  readonly externalId: string | null;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  actions: readonly { label: string; description: string; identifier: string }[];
  detailsUrl: string | null;
  /** Every version it showed, oldest first, for tests that follow a job's explanation. */
  readonly history: { status: string; conclusion: string | null; title: string | null }[];
}

/** Internal runner record: the public view plus what only the simulator may know. */
export type RunnerRecord = Mutable<SimRunner> & {
  /** Stands in for the RSA key in `.credentials_rsaparams`: the runner proves itself with it. */
  readonly secret: string;
  jitUsed: boolean;
  deleted: boolean;
};

export type JobRecord = Mutable<SimJob>;

/**
 * Everything the simulated GitHub knows. Maps are keyed by id; name look-ups are
 * case-insensitive where GitHub's are (owners, repos, runner names).
 */
export interface SimState {
  readonly accounts: Map<string, SimAccount>;
  readonly repos: Map<number, SimRepo>;
  readonly installations: Map<number, SimInstallation>;
  readonly tokens: Map<string, SimToken>;
  readonly runs: Map<number, SimRun>;
  readonly jobs: Map<number, JobRecord>;
  /** Every runner ever registered, deleted ones included (their JIT configs must stay refused). */
  readonly runners: Map<number, RunnerRecord>;
  readonly labelIds: Map<string, number>;
  readonly deliveries: SimDelivery[];
  readonly checkRuns: Map<number, SimCheckRun>;
  readonly nextId: (kind: IdKind) => number;
}

export type IdKind = "account" | "repo" | "installation" | "run" | "job" | "runner" | "label" | "delivery" | "checkRun";

/*
 * Ids start where GitHub's are today: job ids already exceed 2^31 (github-protocol.md, "IDs"),
 * so a client that stores them as int32 fails here as it would in production.
 */
const FIRST_IDS: Record<IdKind, number> = {
  account: 90_000_001,
  repo: 700_000_001,
  installation: 40_000_001,
  run: 16_000_000_001,
  job: 55_390_717_991,
  runner: 1,
  label: 1,
  delivery: 110_000_000_001,
  checkRun: 30_000_000_001,
};

export function createSimState(): SimState {
  const counters = new Map<IdKind, number>();
  return {
    accounts: new Map(),
    repos: new Map(),
    installations: new Map(),
    tokens: new Map(),
    runs: new Map(),
    jobs: new Map(),
    runners: new Map(),
    labelIds: new Map(),
    deliveries: [],
    checkRuns: new Map(),
    nextId: (kind) => {
      const id = counters.get(kind) ?? FIRST_IDS[kind];
      counters.set(kind, id + 1);
      return id;
    },
  };
}

/** Finds a repository by `owner/name`, case-insensitively as GitHub does. */
export function findRepo(state: SimState, owner: string, name: string): SimRepo | undefined {
  const wanted = `${owner}/${name}`.toLowerCase();
  for (const repo of state.repos.values()) if (repo.fullName.toLowerCase() === wanted) return repo;
  return undefined;
}

/** The registrations GitHub still lists: not deleted, not consumed. */
export function listLiveRunners(state: SimState): RunnerRecord[] {
  return [...state.runners.values()].filter((runner) => !runner.deleted);
}
