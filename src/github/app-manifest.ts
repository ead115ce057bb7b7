import { Octokit } from "@octokit/core";
import { RequestError } from "@octokit/request-error";
import { Secret } from "../config/secret.js";
import { OffloadError } from "../errors/offload-error.js";
import { GITHUB_API_VERSION } from "./configure-octokit.js";
import { manifestPermissions } from "./needed-permissions.js";
import { toGitHubError } from "./to-github-error.js";
import { USER_AGENT } from "./user-agent.js";


/** The GitHub App manifest the setup page posts to GitHub (`manifest` form field, as JSON). */
export interface AppManifest {
  readonly name: string;
  readonly url: string;
  readonly description: string;
  readonly hook_attributes: { readonly url: string; readonly active: boolean };
  readonly redirect_url: string;
  readonly public: boolean;
  readonly default_events: readonly string[];
  /** Exactly the table in needed-permissions.ts. */
  readonly default_permissions: Readonly<Record<string, "read" | "write">>;
}

/**
 * A manifest for a private App whose webhook is `<publicUrl>/webhook` and which sends the browser
 * back to `<publicUrl>/setup/callback`. Both runner permissions are always asked for: even with
 * organisation scope, user-owned repositories need repository runners (`administration`), and
 * switching scope later then needs no new approval from every installation.
 */
export function buildAppManifest(input: { name: string; publicUrl: string; scope: "repo" | "org" }): AppManifest {
  const base = input.publicUrl.replace(/\/+$/, "");
  const where = input.scope === "org" ? "per organisation" : "per repository";
  return {
    name: input.name,
    url: base,
    description: `Runs GitHub Actions jobs on ephemeral offload runners, registered ${where}.`,
    hook_attributes: { url: `${base}/webhook`, active: true },
    redirect_url: `${base}/setup/callback`,
    public: false,
    default_events: ["workflow_job"],
    default_permissions: manifestPermissions(),
  };
}

/** What GitHub hands back for a manifest code: the new App's identity and credentials. */
export interface ConvertedApp {
  readonly appId: string;
  readonly slug: string;
  readonly pem: Secret;
  readonly webhookSecret: Secret;
  readonly clientId: string;
  readonly htmlUrl: string;
}

/**
 * `POST /app-manifests/{code}/conversions`, without a body or credentials: the single-use code is
 * the credential, so error messages show it as `[redacted]`.
 */
export async function convertManifestCode(apiUrl: string, code: string): Promise<ConvertedApp> {
  const octokit = new Octokit({ baseUrl: apiUrl.replace(/\/+$/, ""), userAgent: USER_AGENT });
  const shown = { method: "POST", path: "/app-manifests/[redacted]/conversions" };
  let data;
  try {
    ({ data } = await octokit.request("POST /app-manifests/{code}/conversions", {
      code,
      headers: { "x-github-api-version": GITHUB_API_VERSION },
    }));
  } catch (error) {
    throw toGitHubError(redactCode(error, code), shown);
  }
  if (!data.webhook_secret) {
    throw new OffloadError("OFFLOAD_GITHUB_API", `${shown.method} '${shown.path}' returned no webhook secret: expected one for an App with a webhook URL`);
  }
  return {
    appId: String(data.id),
    slug: data.slug ?? "",
    pem: new Secret(data.pem),
    webhookSecret: new Secret(data.webhook_secret),
    clientId: data.client_id,
    htmlUrl: data.html_url,
  };
}

/** The error keeps the request URL, which holds the code; take it out before anyone logs the cause. */
function redactCode(error: unknown, code: string): unknown {
  if (error instanceof RequestError && code !== "") {
    error.request.url = error.request.url.split(code).join("[redacted]");
    if (error.response) error.response.url = error.response.url.split(code).join("[redacted]");
  }
  return error;
}
