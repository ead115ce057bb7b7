import { html, type SafeHtml } from "../dashboard/html.js";
import type { ChecklistItem, ChecklistStatus } from "./build-checklist.js";

const MARKS: Record<ChecklistStatus, { mark: string; label: string }> = {
  ok: { mark: "✓", label: "done" },
  fail: { mark: "✗", label: "not done" },
  unknown: { mark: "?", label: "unknown" },
};

/** The checklist as a list; each mark has a text label for screen readers. */
export function renderChecklist(items: readonly ChecklistItem[]): SafeHtml {
  const left = items.filter((item) => item.status !== "ok").length;
  const summary = left === 0 ? "Everything is in place: jobs labelled hf-jobs-<flavor> will run." : `${left} of ${items.length} still to do.`;
  return html`<section class="card" aria-labelledby="checklist-title">
<h2 id="checklist-title">Checklist</h2>
<p class="muted" data-summary>${summary}</p>
<ul class="checklist">${items.map((item) => {
    const mark = MARKS[item.status];
    return html`<li class="${item.status}" data-check="${item.key}" data-status="${item.status}">
<span class="mark" aria-hidden="true">${mark.mark}</span><span class="item-title">${item.title} <span class="muted">(${mark.label})</span></span>
<span class="item-detail">${item.detail}</span>${item.fix === null ? null : html`<span class="item-fix">${item.fix}</span>`}
</li>`;
  })}</ul>
</section>`;
}
