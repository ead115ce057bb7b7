import { randomBytes } from "node:crypto";
import type { RouteTable } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { createBatchActions, type BatchActions } from "./batch-actions.js";
import { createBatchSimState, type BatchSimState } from "./batch-sim-state.js";
import { addGitDataRoutes } from "./git-data-routes.js";
import { addBatchRepoRoutes } from "./repo-routes.js";
import { addBatchRunRoutes } from "./batch-run-routes.js";
import { addBatchSecretRoutes, createSecretsKey } from "./secret-routes.js";

/** Everything a fine-grained personal token may do for `offload batch`. */
export const BATCH_TOKEN_PERMISSIONS: Readonly<Record<string, "read" | "write">> = {
  actions: "write",
  administration: "write",
  contents: "write",
  metadata: "read",
  secrets: "write",
  workflows: "write",
};

/** Test and `offload sim` control over the batch half of the simulator. */
export interface BatchSimControl {
  /**
   * A fine-grained personal access token (`github_pat_…`) for `login`, a User account created
   * if needed. It never expires. Modelled as an installation on that account, so the
   * dispatcher's own routes see its repositories as they see an installation's.
   */
  createUserToken(login: string): string;
  /** Labels the simulated runner serves (default: every label); jobs for others stay queued. */
  serveLabels(labels: readonly string[] | null): void;
  /** The value a secret was set to, decrypted: proves the client's sealed box. */
  secretValue(fullName: string, name: string): string | undefined;
  /** `owner/name` of every repository created through the API that still exists. */
  repositories(): string[];
  /** Resolves when every simulated job started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Adds what `offload batch` needs to the GitHub simulator: repositories, Git Data, secrets,
 * push-triggered runs executed as local processes, logs and artifacts (see docs/batch.md,
 * "What the simulator models").
 */
export async function installBatchSim(input: {
  context: SimContext;
  rest: RouteTable;
  protocol: RouteTable;
  /** The simulated runner machine's environment; its PATH finds bash and the tools scripts call. */
  baseEnv: Readonly<Record<string, string>>;
  maxParallel?: number;
}): Promise<BatchSimControl> {
  const { context, rest, protocol } = input;
  const { state } = context;
  const batch: BatchSimState = createBatchSimState();
  const key = await createSecretsKey();
  const userInstallations = new Map<string, number>();
  const actions: BatchActions = createBatchActions({ state, batch, clock: context.clock, baseEnv: input.baseEnv, maxParallel: input.maxParallel ?? 16 });
  addBatchRepoRoutes(rest, context, batch, (repoId) => actions.forgetRepo(repoId));
  addGitDataRoutes(rest, context, batch, (repo, batchRepo, branch, sha) => actions.onPush(repo, batchRepo, branch, sha));
  addBatchSecretRoutes(rest, context, batch, key);
  addBatchRunRoutes(rest, protocol, context, batch, actions);

  return {
    createUserToken(login) {
      let account = state.accounts.get(login.toLowerCase());
      if (account === undefined) {
        account = { login, id: state.nextId("account"), type: "User" };
        state.accounts.set(login.toLowerCase(), account);
      }
      const known = userInstallations.get(account.login.toLowerCase());
      const installationId = known ?? state.nextId("installation");
      userInstallations.set(account.login.toLowerCase(), installationId);
      if (known === undefined) state.installations.set(installationId, { id: installationId, account, repoIds: [], permissions: { ...BATCH_TOKEN_PERMISSIONS }, createdAt: context.clock.iso() });
      const token = `github_pat_${randomBytes(30).toString("base64url")}`;
      state.tokens.set(token, { token, installationId, expiresAt: Number.POSITIVE_INFINITY, repoIds: null, permissions: { ...BATCH_TOKEN_PERMISSIONS } });
      return token;
    },
    serveLabels(labels) {
      batch.labels = labels === null ? null : [...labels];
    },
    secretValue(fullName, name) {
      const repo = [...state.repos.values()].find((candidate) => candidate.fullName.toLowerCase() === fullName.toLowerCase());
      return repo === undefined ? undefined : batch.repos.get(repo.id)?.secrets.get(name)?.value;
    },
    repositories: () => [...state.repos.values()].filter((repo) => batch.repos.has(repo.id)).map((repo) => repo.fullName),
    idle: () => actions.idle(),
    close: () => actions.close(),
  };
}
