import { html, type SafeHtml } from "./html.js";

/** How the viewer reached the page, which decides the banner and the sign-out button. */
export type AccessMode = "token" | "loopback" | "public";

/** The shell every page shares. */
export interface LayoutOptions {
  readonly title: string;
  /** Tells assets/dashboard.js which page it runs on. */
  readonly page: "dashboard" | "job" | "login" | "status" | "denied";
  readonly access: AccessMode;
  readonly body: SafeHtml;
  /** `data-*` attributes for the client script (the job id on a job page). */
  readonly data?: Readonly<Record<string, string | number>>;
}

const LOOPBACK_BANNER = html`<p class="banner" role="note">Open to this machine only: <code>OFFLOAD_ADMIN_TOKEN</code> is not set. To use the dashboard from elsewhere, set it to a random value (<code>openssl rand -hex 32</code>), restart, and sign in at <a href="/login">/login</a>.</p>`;

function renderNav(options: LayoutOptions): SafeHtml {
  const current = (page: LayoutOptions["page"]) => (options.page === page ? html` aria-current="page"` : null);
  const signOut = options.access === "token" ? html`<form method="post" action="/logout" class="sign-out"><button type="submit">Sign out</button></form>` : null;
  const links = options.access === "public" ? html`<a href="/status"${current("status")}>Status</a>` : html`<a href="/"${current("dashboard")}>Dashboard</a><a href="/status"${current("status")}>Status</a>`;
  return html`<nav aria-label="Main">${links}${signOut}</nav>`;
}

export function renderLayout(options: LayoutOptions): SafeHtml {
  const data = Object.entries(options.data ?? {}).map(([name, value]) => html` data-${name}="${value}"`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · offload</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script src="/dashboard/assets/dashboard.js" defer></script>
</head>
<body data-page="${options.page}"${data}>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/"><svg viewBox="0 0 24 24" aria-hidden="true" class="logo"><path d="M4 17h16M7 13l5-6 5 6" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>offload</a>${options.page === "login" || options.page === "denied" ? null : renderNav(options)}</header>
${options.access === "loopback" && options.page !== "denied" ? LOOPBACK_BANNER : null}
<main id="main">
${options.body}
</main>
</body>
</html>
`;
}
