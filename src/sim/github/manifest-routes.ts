import { randomBytes } from "node:crypto";
import { buildAppPingPayload } from "./build-webhook-payload.js";
import { isRecord } from "./is-record.js";
import { renderAccount } from "./render-account.js";
import { answerNotFound, type RouteTable } from "./route-table.js";
import type { SimContext } from "./sim-context.js";
import type { WebhookSender } from "./webhook-sender.js";

/* "You must complete all three steps in the GitHub App Manifest flow within one hour." */
const CODE_LIFETIME_MS = 3_600_000;

/** The manifest flow's codes; a code converts once, within the hour. */
export interface ManifestCodes {
  create(manifest: Record<string, unknown>, state?: string): string;
}

/**
 * `POST /app-manifests/{code}/conversions`: the simulator hosts one App, so converting a manifest
 * renames that App, takes the manifest's permissions, events and hook URL, and pings the hook, as
 * GitHub does for a new App (github-protocol.md §7).
 */
export function addManifestRoutes(routes: RouteTable, context: SimContext, webhooks: WebhookSender, hookId: number): ManifestCodes {
  const codes = new Map<string, { manifest: Record<string, unknown>; expiresAt: number }>();
  routes.add("POST", "/app-manifests/{code}/conversions", (request) => {
    request.rateBucket = "integration_manifest";
    context.rateLimits.charge("integration_manifest");
    const code = request.params["code"] ?? "";
    const entry = codes.get(code);
    codes.delete(code);
    if (entry === undefined || entry.expiresAt <= context.clock.now()) return answerNotFound();
    const { app } = context;
    const { manifest } = entry;
    if (typeof manifest["name"] === "string") {
      app.name = manifest["name"];
      app.slug = manifest["name"].toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    }
    if (isRecord(manifest["default_permissions"])) app.permissions = readPermissions(manifest["default_permissions"]);
    if (Array.isArray(manifest["default_events"])) app.events = manifest["default_events"].map(String);
    const hook = isRecord(manifest["hook_attributes"]) ? manifest["hook_attributes"] : {};
    if (typeof hook["url"] === "string" && hook["active"] !== false) {
      webhooks.setTarget(hook["url"], app.webhookSecret);
      const payload = buildAppPingPayload({ hookId, appId: app.id, url: hook["url"], events: app.events, at: context.clock.iso(), api: context.url });
      webhooks.send({ event: "ping", action: null, payload, orderKey: "ping", installationId: null, repositoryId: null, jobId: null });
    }
    const body = {
      id: app.id,
      slug: app.slug,
      node_id: `A_kwHO${app.id}`,
      owner: renderAccount({ login: "offload-sim-owner", id: 1, type: "User" }, context.url),
      name: app.name,
      description: typeof manifest["description"] === "string" ? manifest["description"] : null,
      external_url: typeof manifest["url"] === "string" ? manifest["url"] : "https://github.com/offload",
      html_url: `https://github.com/apps/${app.slug}`,
      created_at: app.createdAt,
      updated_at: context.clock.iso(),
      permissions: { ...app.permissions },
      events: [...app.events],
      client_id: app.clientId,
      client_secret: app.clientSecret,
      webhook_secret: app.webhookSecret,
      pem: app.privateKeyPem,
    };
    return { status: 201, body };
  });
  return {
    create(manifest) {
      const code = randomBytes(20).toString("hex");
      codes.set(code, { manifest, expiresAt: context.clock.now() + CODE_LIFETIME_MS });
      return code;
    },
  };
}

function readPermissions(raw: Record<string, unknown>): Record<string, "read" | "write"> {
  const permissions: Record<string, "read" | "write"> = {};
  for (const [name, level] of Object.entries(raw)) if (level === "read" || level === "write") permissions[name] = level;
  return permissions;
}
