import type { OffloadConfig } from "../../config/config.js";
import { describeIntakeMode } from "../../intake/scale-set/describe-intake-mode.js";
import { html, type SafeHtml } from "../dashboard/html.js";

/** One line under the checklist saying how jobs arrive: webhook, scale set (no inbound connection) or mixed. */
export function renderIntakeMode(config: OffloadConfig): SafeHtml {
  const { mode, sentence } = describeIntakeMode(config);
  return html`<p class="muted" data-intake="${mode}">Intake: ${sentence}.</p>`;
}
