/** What a path needs: nothing, the admin (token or loopback), or the status page's rule. */
export type PathAccess = "open" | "admin" | "status";

/** How a request proved itself. */
export type Credential = "valid" | "invalid" | "none";

export type AccessDecision =
  | { readonly kind: "allow"; readonly via: "token" | "loopback" | "public" }
  /** A browser without a session: send it to the login form. */
  | { readonly kind: "login" }
  | { readonly kind: "unauthorized"; readonly credential: "invalid" | "none" }
  /** No token configured and the client is not on this machine. */
  | { readonly kind: "loopback-only" };

/**
 * The dashboard's pages, `/api/*` and `/status` are guarded; everything else (`/webhook`,
 * `/healthz`, `/readyz`, `/metrics`, `/login`, the static assets) is not. `/` is guarded only as
 * a page: its JSON service description stays public as in jobs-actions. `/setup` is open while
 * the dispatcher needs setup (nobody can have a token for it yet) and guarded once it has its
 * credentials, so a stranger cannot read the checklist or start the wizard again.
 */
export function classifyPath(path: string, wantsHtml: boolean, setupDone = false): PathAccess {
  if (path === "/") return wantsHtml ? "admin" : "open";
  if (path === "/setup" || path.startsWith("/setup/")) return setupDone ? "admin" : "open";
  if (path === "/status") return "status";
  if (path === "/api" || path.startsWith("/api/") || path.startsWith("/jobs/") || path.startsWith("/dashboard/sections/")) return "admin";
  return "open";
}

/** The access rule, pure: the guard feeds it facts about the request. */
export function decideAccess(input: {
  readonly access: PathAccess;
  readonly tokenConfigured: boolean;
  readonly publicStatus: boolean;
  readonly credential: Credential;
  readonly local: boolean;
  readonly wantsHtml: boolean;
}): AccessDecision {
  if (input.access === "open") return { kind: "allow", via: "public" };
  if (input.access === "status" && input.publicStatus) return { kind: "allow", via: input.credential === "valid" ? "token" : "public" };
  if (!input.tokenConfigured) return input.local ? { kind: "allow", via: "loopback" } : { kind: "loopback-only" };
  if (input.credential === "valid") return { kind: "allow", via: "token" };
  if (input.wantsHtml) return { kind: "login" };
  return { kind: "unauthorized", credential: input.credential };
}
