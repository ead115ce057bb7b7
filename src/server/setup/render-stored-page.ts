import { html, type SafeHtml } from "../dashboard/html.js";
import type { SpaceCommands } from "./space-commands.js";
import { renderSetupPage } from "./setup-layout.js";

/** After the callback: the App exists, its key is stored; what to persist, where to install, what is left. */
export function renderStoredPage(input: {
  appName: string;
  appId: string;
  htmlUrl: string;
  installUrl: string;
  storedAt: string;
  space: SpaceCommands | null;
  restarting: boolean;
  checklist: SafeHtml;
}): string {
  const space =
    input.space === null
      ? null
      : html`<section class="card" data-space-commands>
<h2>Keep them on this Space</h2>
<p>A Space's disk is wiped when it restarts, so also save the credentials as Space secrets and variables (with the <code>hf</code> command line, logged in as the Space's owner):</p>
<pre>${input.space.secrets}</pre>
<pre>${input.space.variables}</pre>
<p class="muted">Or paste them in the Space's settings: <a href="${input.space.settingsUrl}" rel="noreferrer">${input.space.settingsUrl}</a>. This page is the only time the key is shown.</p>
</section>`;
  const restart = input.restarting
    ? "The dispatcher is restarting with these credentials; reload this page in a few seconds."
    : "Restart the dispatcher to apply them.";
  const body = html`<section class="card">
<p class="notice" data-stored>GitHub App <a href="${input.htmlUrl}" rel="noreferrer"><strong>${input.appName}</strong></a> (id ${input.appId}) created. Its key and webhook secret are stored in <code>${input.storedAt}</code>, readable only by the dispatcher's user. ${restart}</p>
</section>
${space}
<section class="card">
<h2>Install the App</h2>
<p>Choose the repositories (or the whole organisation) whose jobs offload should run.</p>
<a class="button" href="${input.installUrl}" rel="noreferrer" data-install-link>Install on GitHub</a>
</section>
${input.checklist}`;
  return renderSetupPage({ title: "GitHub App created", step: "install", body });
}
