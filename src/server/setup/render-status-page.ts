import { html, type SafeHtml } from "../dashboard/html.js";
import { renderSetupPage } from "./setup-layout.js";

/** /setup once the dispatcher has its credentials: the checklist, read-only. */
export function renderStatusPage(input: { checklist: SafeHtml; installUrl: string | null }): string {
  const body = html`<section class="card">
<p>This dispatcher has its GitHub App. The wizard no longer creates Apps; the checklist shows what works.</p>
${input.installUrl === null ? null : html`<p>Add repositories: <a href="${input.installUrl}" rel="noreferrer">${input.installUrl}</a></p>`}
</section>
${input.checklist}`;
  return renderSetupPage({ title: "Setup checklist", step: "check", body });
}
