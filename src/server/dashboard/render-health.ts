import type { ReadinessCheck } from "../server-deps.js";
import { html, type SafeHtml } from "./html.js";

/** The readiness checks (`/readyz`) as a list a person can scan. */
export function renderHealth(readiness: { ready: boolean; checks: Record<string, ReadinessCheck> }): SafeHtml {
  const checks = Object.entries(readiness.checks).map(([name, check]) => html`<li class="${check.ok ? "ok" : "bad"}"><span class="mark" aria-hidden="true">${check.ok ? "✓" : "✗"}</span><span class="visually-hidden">${check.ok ? "ok" : "failing"}: </span><strong>${name}</strong> <span class="detail">${check.detail}</span></li>`);
  // A dispatcher without credentials is new: lead the person to the wizard that provides them.
  const setup = readiness.checks["config"]?.ok === false ? html`<p class="verdict bad"><a href="/setup" data-setup-link>Set up offload at /setup</a>: it creates the GitHub App and checks the rest.</p>` : html``;
  return html`<p class="verdict ${readiness.ready ? "ok" : "bad"}">${readiness.ready ? "Ready: webhooks are served and runners launched." : "Not ready: see the failing checks."}</p>${setup}<ul class="checks">${checks}</ul>`;
}
