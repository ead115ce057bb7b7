import { html, type SafeHtml } from "./html.js";
import { renderLayout } from "./render-layout.js";

/** What the login page says: an empty form, a refusal, or why there is nothing to sign in to. */
export interface LoginPageOptions {
  /** Where to go after signing in (a path on this server, already checked). */
  readonly next: string;
  readonly error: string | null;
  /** False when OFFLOAD_ADMIN_TOKEN is not set: there is no token to sign in with. */
  readonly tokenConfigured: boolean;
}

export function renderLoginPage(options: LoginPageOptions): SafeHtml {
  const body = options.tokenConfigured
    ? html`<form class="login panel" method="post" action="/login">
<h1>Sign in</h1>
<p class="muted">Enter the admin token the operator set as <code>OFFLOAD_ADMIN_TOKEN</code>.</p>
${options.error === null ? null : html`<p class="error" role="alert" id="login-error">${options.error}</p>`}
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus${options.error === null ? null : html` aria-describedby="login-error" aria-invalid="true"`}>
<input type="hidden" name="next" value="${options.next}">
<button type="submit">Sign in</button>
</form>`
    : html`<section class="login panel"><h1>No sign-in configured</h1><p><code>OFFLOAD_ADMIN_TOKEN</code> is not set, so the dashboard is open only to browsers on the dispatcher's own machine.</p><p>To open it to others, set <code>OFFLOAD_ADMIN_TOKEN</code> to a random value (for example <code>openssl rand -hex 32</code>), restart the dispatcher, and sign in here with it.</p></section>`;
  return renderLayout({ title: "Sign in", page: "login", access: "public", body });
}

/** A refusal as a page: who may see this and how to get there. */
export function renderDeniedPage(title: string, message: string, remedy: string): SafeHtml {
  const body = html`<section class="login panel"><h1>${title}</h1><p>${message}</p><p>${remedy}</p></section>`;
  return renderLayout({ title, page: "denied", access: "public", body });
}
