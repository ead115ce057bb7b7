import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { html } from "../dashboard/html.js";
import { renderIntakeMode } from "./render-intake-mode.js";
import { buildAppManifest } from "../../github/app-manifest.js";
import { ERRORS, type ErrorCode } from "../../errors/catalog.js";
import { buildChecklist } from "./build-checklist.js";
import { derivePublicUrl } from "./derive-public-url.js";
import { gatherChecklistFacts, type StoredApp } from "./gather-checklist-facts.js";
import { buildInstallUrl, buildManifestTarget, defaultAppName, parseAccountName } from "../../github/manifest-target.js";
import { PendingStates } from "./pending-states.js";
import { renderChecklist } from "./render-checklist.js";
import { renderMessagePage } from "./render-message-page.js";
import { renderRedirectPage, SUBMIT_SCRIPT_HASH } from "./render-redirect-page.js";
import { renderStartPage } from "./render-start-page.js";
import { renderStatusPage } from "./render-status-page.js";
import { renderStoredPage } from "./render-stored-page.js";
import type { SetupDeps } from "./setup-deps.js";
import { buildSpaceCommands } from "./space-commands.js";
import { storeSetupCredentials } from "./store-setup-credentials.js";

const FORM = "application/x-www-form-urlencoded";

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Pages are HTML with a policy that allows our inline styles, forms back to us and to GitHub, and nothing else. */
function sendPage(reply: FastifyReply, status: number, page: string, options: { formTo?: string; script?: string } = {}): FastifyReply {
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src ${options.script ?? "'none'"}`,
    `form-action 'self'${options.formTo ? ` ${options.formTo}` : ""}`,
    "base-uri 'none'",
    "img-src 'self' data:",
  ].join("; ");
  return reply.status(status).header("content-security-policy", policy).header("cache-control", "no-store").type("text/html; charset=utf-8").send(page);
}

function sendError(reply: FastifyReply, code: ErrorCode, title: string, message: string): FastifyReply {
  return sendPage(reply, ERRORS[code].status, renderMessagePage({ title, message, remedy: ERRORS[code].remedy }));
}

/**
 * The setup wizard: `GET /setup` (create the App, or the read-only checklist once configured),
 * `POST /setup/start` (the auto-submitting manifest form to GitHub) and `GET /setup/callback`
 * (check `state`, exchange the code, store the credentials 0600, show what is left).
 */
export function registerSetupRoutes(app: FastifyInstance, deps: SetupDeps): void {
  const { config, log } = deps;
  const states = new PendingStates(deps.clock);
  let stored: StoredApp | null = null;
  const hasApp = (): boolean => stored !== null || (config.github.appId !== null && config.github.privateKey !== null && (config.github.webhookSecrets.length > 0 || config.scaleSets.length > 0));
  const publicUrlOf = (request: FastifyRequest) =>
    derivePublicUrl({ publicUrl: config.publicUrl, spaceHost: config.spaceHost, forwardedProto: header(request, "x-forwarded-proto"), forwardedHost: header(request, "x-forwarded-host"), host: header(request, "host") });
  const checklistFor = async (publicUrl: string) => {
    const facts = await gatherChecklistFacts(deps.probes, config, stored, publicUrl);
    return { facts, html: html`${renderChecklist(buildChecklist(facts))}${renderIntakeMode(config)}` };
  };

  app.get("/setup", async (request, reply) => {
    const origin = publicUrlOf(request);
    const checklist = await checklistFor(origin.url);
    if (hasApp()) return sendPage(reply, 200, renderStatusPage({ checklist: checklist.html, installUrl: checklist.facts.installUrl }));
    return sendPage(reply, 200, renderStartPage({ publicUrl: origin.url, source: origin.source, githubWebUrl: config.github.webUrl, checklist: checklist.html, missing: config.missing }));
  });

  // Encapsulated, so the form parser serves only these routes and cannot clash with another one.
  void app.register(async (scope) => {
    if (!scope.hasContentTypeParser(FORM)) {
      scope.addContentTypeParser(FORM, { parseAs: "string", bodyLimit: 4096 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    }
    scope.post("/setup/start", async (request, reply) => {
      if (hasApp()) return sendError(reply, "OFFLOAD_SETUP_COMPLETE", "Already set up", "setup in this dispatcher: it already has a GitHub App, so the wizard creates no other");
      const form = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, string | undefined>;
      const organisation = form["owner"] === "org" ? parseAccountName(form["org"] ?? "") : null;
      if (form["owner"] === "org" && organisation === null) {
        return sendPage(reply, 400, renderMessagePage({ title: "Which organisation?", message: `organisation '${(form["org"] ?? "").slice(0, 60)}' in the setup form: expected a GitHub organisation name (letters, digits and hyphens)`, remedy: "Go back and type the organisation's name as it appears in its GitHub URL." }));
      }
      const name = (form["name"] ?? "").trim().slice(0, 34) || defaultAppName(organisation);
      const manifest = buildAppManifest({ name, publicUrl: publicUrlOf(request).url, scope: config.github.runnerScope });
      const target = buildManifestTarget(config.github.webUrl, organisation, states.issue());
      log.info({ organisation, name }, "setup sent the App manifest to GitHub");
      return sendPage(reply, 200, renderRedirectPage({ target, manifest }), { formTo: new URL(config.github.webUrl).origin, script: SUBMIT_SCRIPT_HASH });
    });
  });

  app.get<{ Querystring: { code?: string; state?: string } }>("/setup/callback", async (request, reply) => {
    const { code = "", state = "" } = request.query;
    if (!states.take(state)) {
      log.warn("setup callback refused: unknown, used or expired state");
      return sendError(reply, "OFFLOAD_SETUP_STATE", "This setup link is not valid", "state in GET /setup/callback: expected one this dispatcher issued within the hour and not used before");
    }
    if (hasApp()) return sendError(reply, "OFFLOAD_SETUP_COMPLETE", "Already set up", "setup in this dispatcher: it already has a GitHub App");
    if (!/^[\w-]{1,200}$/.test(code)) return sendError(reply, "OFFLOAD_SETUP_STATE", "This setup link is not valid", "code in GET /setup/callback: expected the code GitHub adds when it sends you back");
    let converted;
    try {
      converted = await deps.probes.convertManifestCode(config.github.apiUrl, code);
    } catch (error) {
      log.error({ err: error }, "setup could not exchange the manifest code");
      return sendError(reply, "OFFLOAD_GITHUB_API", "GitHub did not hand over the App", (error as Error).message);
    }
    const at = deps.clock.iso();
    let path: string;
    try {
      path = await storeSetupCredentials(config.dataDir, { appId: converted.appId, privateKey: converted.pem, webhookSecret: converted.webhookSecret, slug: converted.slug, htmlUrl: converted.htmlUrl }, at);
    } catch (error) {
      log.error({ err: error }, "setup could not store the App's credentials");
      return sendError(reply, "OFFLOAD_LEDGER", "The credentials could not be saved", `data directory '${config.dataDir}' in OFFLOAD_DATA_DIR: expected a writable directory (${(error as NodeJS.ErrnoException).code ?? "error"}); the App ${converted.slug} exists on GitHub, delete it there and start again once fixed`);
    }
    stored = { appId: converted.appId, slug: converted.slug, name: converted.slug, htmlUrl: converted.htmlUrl, privateKey: converted.pem, path };
    log.info({ appId: converted.appId, slug: converted.slug, path }, "setup stored the GitHub App's credentials");
    const checklist = await checklistFor(publicUrlOf(request).url);
    const space = config.spaceId === null ? null : buildSpaceCommands({ spaceId: config.spaceId, appId: converted.appId, privateKeyPem: converted.pem.reveal(), webhookSecret: converted.webhookSecret.reveal(), hubUrl: config.hf.endpoint });
    const restart = deps.onCredentialsStored;
    if (restart !== undefined) reply.raw.once("finish", () => restart());
    const page = renderStoredPage({ appName: converted.slug, appId: converted.appId, htmlUrl: converted.htmlUrl, installUrl: buildInstallUrl(config.github.webUrl, converted.slug), storedAt: path, space, restarting: restart !== undefined, checklist: checklist.html });
    return sendPage(reply, 200, page);
  });
}
