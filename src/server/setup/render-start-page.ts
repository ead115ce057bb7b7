import { html, type SafeHtml } from "../dashboard/html.js";
import { PUBLIC_URL_FIX } from "../../probes/public-url-fix.js";
import { classifyAddress } from "../../probes/classify-address.js";
import type { PublicUrlSource } from "./derive-public-url.js";
import { renderSetupPage } from "./setup-layout.js";

const SOURCE_NOTES: Record<PublicUrlSource, string> = {
  OFFLOAD_PUBLIC_URL: "from OFFLOAD_PUBLIC_URL",
  "proxy headers": "from your reverse proxy's X-Forwarded-Host; set OFFLOAD_PUBLIC_URL if it is wrong",
  SPACE_HOST: "from this Hugging Face Space's host",
  request: "from the address you opened; set OFFLOAD_PUBLIC_URL if GitHub must use another",
};

/** Step 1: where GitHub will send webhooks, and whose App to create. */
export function renderStartPage(input: { publicUrl: string; source: PublicUrlSource; githubWebUrl: string; checklist: SafeHtml; missing: readonly string[] }): string {
  const webhookUrl = `${input.publicUrl}/webhook`;
  const host = new URL(input.publicUrl).hostname;
  const kind = classifyAddress(host);
  // The App can still be created (a tunnel can be put in front later), but nobody should believe
  // GitHub will reach a loopback or private address.
  const warning = kind === null ? html`` : html`<p class="warn" data-unreachable>GitHub cannot reach <code>${host}</code>: it is a ${kind} address. To receive webhooks, ${PUBLIC_URL_FIX}.</p>`;
  const body = html`<section class="card">
<p>This dispatcher still needs ${input.missing.join(", ")}. The wizard creates a private GitHub App for it in one click, with the webhook and permissions already filled in.</p>
<p>GitHub will send <code>workflow_job</code> webhooks to <code data-webhook-url>${webhookUrl}</code><br><span class="muted">${SOURCE_NOTES[input.source]}</span></p>
${warning}
<form method="post" action="/setup/start" target="_top">
<fieldset>
<legend>Who owns the App?</legend>
<label class="choice"><input type="radio" name="owner" value="user" checked> My personal account</label>
<label class="choice"><input type="radio" name="owner" value="org"> An organisation</label>
</fieldset>
<label for="org">Organisation name <span class="muted">(only for an organisation)</span></label>
<input type="text" id="org" name="org" autocomplete="off" spellcheck="false" placeholder="acme">
<label for="name">App name <span class="muted">(optional, at most 34 characters; must be unique on GitHub)</span></label>
<input type="text" id="name" name="name" maxlength="34" autocomplete="off" spellcheck="false" placeholder="offload-acme">
<button type="submit">Create the GitHub App on ${new URL(input.githubWebUrl).host}</button>
</form>
<p class="muted">GitHub asks you to confirm, then sends you back here with the App's key, which this dispatcher stores in its data directory (mode 0600).</p>
</section>
${input.checklist}`;
  return renderSetupPage({ title: "Create the GitHub App", step: "app", body });
}
