import { createRequire } from "node:module";
import { isRecord } from "./is-record.js";
import { nodeId } from "./render-account.js";
import { renderRepository } from "./render-repository.js";
import { renderRun } from "./render-run.js";
import type { SimJob, SimRepo, SimRun } from "./sim-state.js";

type Payload = Record<string, unknown>;

/** GitHub's own example for an event and action (`@octokit/webhooks-examples`), copied. */
function example(event: string, action: string): Payload {
  const all: unknown = createRequire(import.meta.url)("@octokit/webhooks-examples");
  const entry = Array.isArray(all) ? all.find((item) => isRecord(item) && item["name"] === event) : undefined;
  const list: unknown = isRecord(entry) ? entry["examples"] : undefined;
  const found = Array.isArray(list) ? list.find((item) => isRecord(item) && item["action"] === action) : undefined;
  if (!isRecord(found)) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(found);
}

function installation(repo: SimRepo): Payload {
  return { id: repo.installationId, node_id: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", repo.installationId) };
}

/** `workflow_run.requested`, sent when a run is created, before its jobs queue. */
export function buildWorkflowRunPayload(input: { run: SimRun; repo: SimRepo; jobs: readonly SimJob[]; api: string }): Payload {
  const payload = example("workflow_run", "requested");
  const repository = { ...(payload["repository"] as Payload), ...renderRepository(input.repo, input.api) };
  return { ...payload, workflow_run: renderRun(input.run, input.repo, input.jobs, input.api), repository, installation: installation(input.repo) };
}

/** `pull_request.labeled`: someone added `label` to pull request `number` whose head is `headSha`. */
export function buildLabeledPayload(input: { repo: SimRepo; number: number; headSha: string; headRepo: string; label: string; sender: string; api: string }): Payload {
  const payload = example("pull_request", "labeled");
  const pr = payload["pull_request"] as Payload;
  const head = (pr["head"] ?? {}) as Payload;
  const repository = { ...(payload["repository"] as Payload), ...renderRepository(input.repo, input.api) };
  const label = { ...((payload["label"] ?? {}) as Payload), name: input.label };
  return {
    ...payload,
    number: input.number,
    label,
    sender: { ...((payload["sender"] ?? {}) as Payload), login: input.sender },
    pull_request: { ...pr, number: input.number, labels: [label], head: { ...head, sha: input.headSha, ref: `pr-${input.number}`, repo: { ...((head["repo"] ?? {}) as Payload), full_name: input.headRepo } } },
    repository,
    installation: installation(input.repo),
  };
}

/** `check_run.requested_action`: someone pressed a check run's button. */
export function buildRequestedActionPayload(input: { repo: SimRepo; checkRunId: number; headSha: string; identifier: string; sender: string; api: string }): Payload {
  const payload = example("check_run", "requested_action");
  const check = (payload["check_run"] ?? {}) as Payload;
  const repository = { ...(payload["repository"] as Payload), ...renderRepository(input.repo, input.api) };
  return {
    ...payload,
    check_run: { ...check, id: input.checkRunId, head_sha: input.headSha },
    requested_action: { identifier: input.identifier },
    sender: { ...((payload["sender"] ?? {}) as Payload), login: input.sender },
    repository,
    installation: installation(input.repo),
  };
}
