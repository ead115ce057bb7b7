import { createRequire } from "node:module";
import { deepFreeze } from "../../config/deep-freeze.js";
import { isRecord } from "./is-record.js";
import { nodeId, renderAccount } from "./render-account.js";
import { renderJob } from "./render-job.js";
import { renderRepository } from "./render-repository.js";
import type { SimAccount, SimJob, SimRepo, SimRun } from "./sim-state.js";

type Payload = Record<string, unknown>;
let examples: readonly Payload[] | undefined;

/**
 * A `workflow_job` body made from GitHub's own example payload for the action
 * (`@octokit/webhooks-examples`), with the job, repository, installation and organisation replaced
 * by the simulated ones, so every field the simulator does not model is still a real one.
 */
export function buildWorkflowJobPayload(input: {
  action: "queued" | "in_progress" | "completed";
  job: SimJob;
  run: SimRun;
  repo: SimRepo;
  installationId: number;
  api: string;
}): Payload {
  const { action, repo, api } = input;
  // The example is a private frozen copy: its fields are shared by every payload, never changed.
  const example = findExample(action);
  const exampleRepo = isRecord(example["repository"]) ? example["repository"] : {};
  const payload: Payload = {
    ...example,
    action,
    workflow_job: renderJob(input.job, input.run, api),
    repository: { ...exampleRepo, ...renderRepository(repo, api) },
    installation: { id: input.installationId, node_id: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", input.installationId) },
  };
  delete payload["deployment"];
  delete payload["organization"];
  if (repo.owner.type === "Organization") payload["organization"] = renderOrganization(repo.owner, api);
  return payload;
}

/** The `ping` GitHub sends to a new App's hook (github-protocol.md §1.8). */
export function buildAppPingPayload(input: { hookId: number; appId: number; url: string; events: readonly string[]; at: string; api: string }): Payload {
  return {
    zen: "Design for failure.",
    hook_id: input.hookId,
    hook: {
      type: "App",
      id: input.hookId,
      name: "web",
      active: true,
      events: [...input.events],
      config: { content_type: "json", insecure_ssl: "0", url: input.url },
      updated_at: input.at,
      created_at: input.at,
      app_id: input.appId,
      deliveries_url: `${input.api}/app/hook/deliveries`,
    },
  };
}

function renderOrganization(account: SimAccount, api: string): Payload {
  const orgs = `${api}/orgs/${account.login}`;
  const user = renderAccount(account, api);
  return {
    login: account.login,
    id: account.id,
    node_id: user["node_id"],
    url: orgs,
    repos_url: `${orgs}/repos`,
    events_url: `${orgs}/events`,
    hooks_url: `${orgs}/hooks`,
    issues_url: `${orgs}/issues`,
    members_url: `${orgs}/members{/member}`,
    public_members_url: `${orgs}/public_members{/member}`,
    avatar_url: user["avatar_url"],
    description: null,
  };
}

/** The plain example for the action (the `queued` one with a deployment really says `waiting`). */
function findExample(action: string): Payload {
  examples ??= loadWorkflowJobExamples();
  const found = examples.find((example) => {
    const job = example["workflow_job"];
    return example["action"] === action && isRecord(job) && job["status"] === action && example["deployment"] === undefined;
  });
  if (found === undefined) throw new Error(`@octokit/webhooks-examples has no plain workflow_job.${action} example`);
  return found;
}

function loadWorkflowJobExamples(): Payload[] {
  const all: unknown = createRequire(import.meta.url)("@octokit/webhooks-examples");
  const entry = Array.isArray(all) ? all.find((item) => isRecord(item) && item["name"] === "workflow_job") : undefined;
  const list: unknown = isRecord(entry) ? entry["examples"] : undefined;
  return Array.isArray(list) ? list.filter(isRecord).map((example) => deepFreeze(structuredClone(example))) : [];
}
