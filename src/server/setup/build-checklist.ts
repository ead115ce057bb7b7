import type { HfTokenCheck } from "../../probes/check-hf-token.js";
import type { ReachabilityCheck } from "../../probes/check-url-reachable.js";
import { PUBLIC_URL_FIX } from "../../probes/public-url-fix.js";
import { findPermissionGaps } from "../../github/needed-permissions.js";
import type { AppInstallation } from "../../probes/setup-probes.js";

/** ✓, ✗ or ? */
export type ChecklistStatus = "ok" | "fail" | "unknown";

/** One line of the checklist: what, how it stands, and what to do when it is not done. */
export interface ChecklistItem {
  readonly key: "app" | "webhook" | "installed" | "hf-token" | "namespace" | "ready";
  readonly title: string;
  readonly status: ChecklistStatus;
  readonly detail: string;
  readonly fix: string | null;
}

/** What the setup pages learned; every field is already checked, so building the list is pure. */
export interface ChecklistFacts {
  /** The App as configured or just stored; null when there is none yet. */
  readonly app: { readonly id: string; readonly slug: string | null; readonly source: "environment" | "setup" } | null;
  readonly webhookUrl: string;
  readonly webhook: ReachabilityCheck;
  /** Null when they could not be read (no key yet, or GitHub refused); `error` says why. */
  readonly installations: readonly AppInstallation[] | null;
  readonly installationsError: string | null;
  readonly installUrl: string | null;
  /** Null when the provider needs no Hugging Face token (OFFLOAD_PROVIDER=local). */
  readonly hf: HfTokenCheck | null;
  readonly namespace: string | null;
  /** Settings the running dispatcher still lacks. */
  readonly missing: readonly string[];
  /** Credentials were stored by this process and take effect on restart. */
  readonly restartPending: boolean;
}

function appItem(facts: ChecklistFacts): ChecklistItem {
  const { app } = facts;
  if (app === null) return { key: "app", title: "GitHub App created", status: "fail", detail: "no GH_APP_ID yet", fix: "Create the App with the form on this page." };
  const from = app.source === "setup" ? "created by this wizard" : "from the environment";
  return { key: "app", title: "GitHub App created", status: "ok", detail: `App ${app.id}${app.slug ? ` (${app.slug})` : ""}, ${from}`, fix: null };
}

function webhookItem(facts: ChecklistFacts): ChecklistItem {
  const base = { key: "webhook", title: "Webhook URL reachable" } as const;
  if (facts.webhook.ok) return { ...base, status: "ok", detail: `${facts.webhookUrl}: ${facts.webhook.detail}`, fix: null };
  return { ...base, status: "fail", detail: facts.webhook.detail, fix: `GitHub must reach ${facts.webhookUrl}: ${PUBLIC_URL_FIX}; then put that URL in the App's webhook settings.` };
}

function installedItem(facts: ChecklistFacts): ChecklistItem {
  const base = { key: "installed", title: "App installed on repositories" } as const;
  const install = facts.installUrl === null ? "Install the App from its page on GitHub." : `Install it: ${facts.installUrl}`;
  if (facts.installations === null) return { ...base, status: "unknown", detail: facts.installationsError ?? "cannot be checked before the App exists", fix: facts.app === null ? null : install };
  const active = facts.installations.filter((installation) => !installation.suspended);
  if (active.length === 0) return { ...base, status: "fail", detail: "not installed anywhere yet", fix: install };
  const lacking = active.map((installation) => ({ installation, gaps: findPermissionGaps(installation.permissions) })).filter(({ gaps }) => gaps.length > 0);
  const accounts = active.map((installation) => installation.account).join(", ");
  if (lacking.length > 0) {
    const names = lacking.map(({ installation, gaps }) => `${installation.account} lacks ${gaps.map((gap) => gap.needed).join(", ")}`).join("; ");
    return { ...base, status: "fail", detail: names, fix: "Give the App these permissions in its settings on GitHub (Permissions & events), then accept them in each installation's settings (Configure → review permissions); `offload doctor` names both pages." };
  }
  return { ...base, status: "ok", detail: `installed on ${accounts}`, fix: null };
}

function hfItems(facts: ChecklistFacts): ChecklistItem[] {
  const { hf } = facts;
  if (hf === null) return [];
  const token: ChecklistItem = hf.ok
    ? { key: "hf-token", title: "Hugging Face token", status: "ok", detail: hf.detail, fix: null }
    : { key: "hf-token", title: "Hugging Face token", status: "fail", detail: hf.detail, fix: "Set HF_TOKEN to a token with write access to the namespace's Jobs (https://huggingface.co/settings/tokens), as a Space secret on a Space." };
  const namespaceFix = `Set HF_NAMESPACE to ${hf.user ?? "your user name"}${hf.orgs.length > 0 ? ` or one of ${hf.orgs.join(", ")}` : ""}.`;
  const namespace: ChecklistItem =
    facts.namespace === null
      ? { key: "namespace", title: "Jobs namespace", status: "fail", detail: "HF_NAMESPACE is not set", fix: namespaceFix }
      : hf.namespaceOk === true
        ? { key: "namespace", title: "Jobs namespace", status: "ok", detail: `jobs run in ${facts.namespace}`, fix: null }
        : hf.namespaceOk === false
          ? { key: "namespace", title: "Jobs namespace", status: "fail", detail: `${facts.namespace} is neither ${hf.user} nor one of their organisations`, fix: namespaceFix }
          : { key: "namespace", title: "Jobs namespace", status: "unknown", detail: `${facts.namespace}, not checked without a working token`, fix: null };
  return [token, namespace];
}

function readyItem(facts: ChecklistFacts): ChecklistItem {
  const base = { key: "ready", title: "Dispatcher serving jobs" } as const;
  if (facts.missing.length === 0) return { ...base, status: "ok", detail: "all credentials set", fix: null };
  if (facts.restartPending) {
    const rest = facts.missing.filter((name) => !name.startsWith("GH_"));
    return { ...base, status: "unknown", detail: "the App's credentials are stored and apply when the dispatcher restarts", fix: rest.length > 0 ? `Also set ${rest.join(", ")}, then restart.` : "Restart the dispatcher (it restarts by itself when its start command supports it)." };
  }
  return { ...base, status: "fail", detail: `still missing ${facts.missing.join(", ")}`, fix: "Finish the steps above; settings from the environment need a restart." };
}

/** The checklist, top to bottom in the order a person fixes things. */
export function buildChecklist(facts: ChecklistFacts): ChecklistItem[] {
  return [appItem(facts), webhookItem(facts), installedItem(facts), ...hfItems(facts), readyItem(facts)];
}
