import type { JobRecord } from "../../ledger/records.js";
import { formatCost, formatDuration } from "./format-duration.js";
import { html, type SafeHtml } from "./html.js";
import { viewJob } from "./job-view.js";

/**
 * One job as a table row. assets/dashboard.js `renderJobRow` builds the same markup from
 * `/api/jobs/:id` for live updates; the browser test checks a live row equals a rendered one.
 */
export function renderJobRow(job: JobRecord, now: number): SafeHtml {
  const view = viewJob(job, now);
  const conclusion = job.status === "completed" && job.conclusion !== null ? html` <span class="conclusion conclusion-${job.conclusion}">${job.conclusion}</span>` : null;
  const cells = [
    html`<td data-label="Repository">${job.repo}</td>`,
    html`<td data-label="Job"><a href="/jobs/${job.jobId}">${job.name}</a><span class="sub">${job.workflowName ?? ""}</span></td>`,
    html`<td data-label="Labels"><code>${job.labels.join(", ")}</code></td>`,
    html`<td data-label="Flavor">${job.flavor ?? "—"}</td>`,
    html`<td data-label="State"><span class="state state-${view.state}">${view.state}</span>${conclusion}</td>`,
    html`<td data-label="Queued" class="num" data-cell="queue">${formatDuration(view.queueMs)}</td>`,
    html`<td data-label="Ran" class="num" data-cell="run">${formatDuration(view.runMs)}</td>`,
    html`<td data-label="Cost" class="num" data-cell="cost">${formatCost(view.costUsd)}</td>`,
    html`<td data-label="Why" class="reason">${job.reason}</td>`,
  ];
  const data = html`data-job-id="${job.jobId}" data-status="${job.status}" data-created="${job.createdAt}" data-started="${job.startedAt ?? ""}" data-completed="${job.completedAt ?? ""}" data-price="${view.priceUsdPerHour ?? ""}"`;
  return html`<tr id="job-${job.jobId}" ${data}>${cells}</tr>`;
}

export function renderJobsTable(jobs: readonly JobRecord[], now: number): SafeHtml {
  return html`<table class="jobs cards-on-phone" id="jobs-table">
<caption class="visually-hidden">Jobs, newest first</caption>
<thead><tr><th scope="col">Repository</th><th scope="col">Job</th><th scope="col">Labels</th><th scope="col">Flavor</th><th scope="col">State</th><th scope="col" class="num">Queued</th><th scope="col" class="num">Ran</th><th scope="col" class="num">Cost</th><th scope="col">Why</th></tr></thead>
<tbody id="jobs-body">${jobs.map((job) => renderJobRow(job, now))}</tbody>
</table>
<p class="empty" id="jobs-empty"${jobs.length > 0 ? html` hidden` : null}>No jobs yet. Jobs appear here as GitHub sends their webhooks.</p>`;
}
