import { html } from "../dashboard/html.js";
import type { SetupStep } from "./setup-layout.js";
import { renderSetupPage } from "./setup-layout.js";

/** A refusal or failure the person can act on: what happened, why, and the way back. */
export function renderMessagePage(input: { title: string; message: string; remedy: string; step?: SetupStep }): string {
  const body = html`<section class="card">
<p class="notice error" role="alert" data-error>${input.message}</p>
<p>${input.remedy}</p>
<a class="button" href="/setup">Back to setup</a>
</section>`;
  return renderSetupPage({ title: input.title, step: input.step ?? "app", body });
}
