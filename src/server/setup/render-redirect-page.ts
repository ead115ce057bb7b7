import { createHash } from "node:crypto";
import { html, SafeHtml } from "../dashboard/html.js";
import type { AppManifest } from "../../github/app-manifest.js";
import { renderSetupPage } from "./setup-layout.js";

/** Submits the manifest form as soon as the page loads; the button is there without JavaScript. */
const SUBMIT_SCRIPT = "document.getElementById('manifest-form').submit();";

/** The Content-Security-Policy hash that lets exactly this inline script run. */
export const SUBMIT_SCRIPT_HASH = `'sha256-${createHash("sha256").update(SUBMIT_SCRIPT).digest("base64")}'`;

/**
 * The auto-submitting form GitHub's manifest flow needs: a browser POST of the `manifest` field to
 * GitHub's "new App" page (a redirect cannot carry a body).
 */
export function renderRedirectPage(input: { target: string; manifest: AppManifest }): string {
  const body = html`<section class="card">
<p>Taking you to GitHub to create <strong>${input.manifest.name}</strong>…</p>
<form id="manifest-form" method="post" action="${input.target}">
<input type="hidden" name="manifest" value="${JSON.stringify(input.manifest)}">
<button type="submit">Continue to GitHub</button>
</form>
</section>
<script>${new SafeHtml(SUBMIT_SCRIPT)}</script>`;
  return renderSetupPage({ title: "Creating the GitHub App", step: "app", body });
}
