import type { JobEvent, RunnerRecord } from "../../ledger/records.js";
import type { JobDetails } from "../read-job-details.js";
import { formatCost, formatDuration } from "./format-duration.js";
import { html, type SafeHtml } from "./html.js";
import { viewJob } from "./job-view.js";
import { renderLayout, type AccessMode } from "./render-layout.js";

function offset(at: string, start: string): string {
  const ms = Date.parse(at) - Date.parse(start);
  return Number.isFinite(ms) ? `+${ms < 10_000 ? (ms / 1000).toFixed(1) + "s" : formatDuration(ms)}` : "";
}

/** The job's history from its first event, with offsets, oldest first. */
export function renderTimeline(events: readonly JobEvent[]): SafeHtml {
  const first = events[0];
  if (first === undefined) return html`<p class="empty">No events recorded yet.</p>`;
  return html`<ol class="timeline">${events.map((event) => html`<li class="event kind-${event.kind.replace(/[^a-z_-]/gi, "-")}"><span class="offset">${offset(event.at, first.at)}</span><span class="kind">${event.kind}</span><span class="detail">${event.detail}</span><time datetime="${event.at}">${event.at.slice(11, 23)}</time></li>`)}</ol>`;
}

function renderRunner(runner: RunnerRecord, jobId: number): SafeHtml {
  const relation = runner.tookJobId === jobId ? "took this job" : runner.tookJobId === null ? "launched for this job" : `took job ${runner.tookJobId}`;
  return html`<tr><td data-label="Runner"><code>${runner.name}</code><span class="sub">${relation}</span></td><td data-label="State"><span class="state state-${runner.state}">${runner.state}</span></td><td data-label="Provider">${runner.provider}<span class="sub">${runner.computeId ?? "no machine yet"}</span></td><td data-label="Why" class="reason">${runner.reason}</td></tr>`;
}

export function renderRunners(runners: readonly RunnerRecord[], jobId: number): SafeHtml {
  if (runners.length === 0) return html`<p class="empty">No runner yet.</p>`;
  return html`<table class="cards-on-phone"><caption class="visually-hidden">Runners for this job</caption><thead><tr><th scope="col">Runner</th><th scope="col">State</th><th scope="col">Provider / machine</th><th scope="col">Why</th></tr></thead><tbody>${runners.map((runner) => renderRunner(runner, jobId))}</tbody></table>`;
}

/** The facts at the top of a job page and its timeline and runners: what the client script refreshes. */
export function renderJobDetails(details: JobDetails, now: number): SafeHtml {
  const { job } = details;
  const view = viewJob(job, now);
  const github = job.htmlUrl !== null && /^https?:\/\//.test(job.htmlUrl) ? html`<a href="${job.htmlUrl}" rel="noreferrer">open on GitHub</a>` : null;
  const facts: [string, SafeHtml | string][] = [
    ["State", html`<span class="state state-${view.state}">${view.state}</span>${job.conclusion === null ? null : html` <span class="conclusion conclusion-${job.conclusion}">${job.conclusion}</span>`}`],
    ["Repository", job.repo],
    ["Workflow", job.workflowName ?? "—"],
    ["Labels", html`<code>${job.labels.join(", ")}</code>`],
    ["Flavor", job.flavor ?? "—"],
    ["Queued", formatDuration(view.queueMs)],
    ["Ran", formatDuration(view.runMs)],
    ["Est. cost", formatCost(view.costUsd)],
    ["Why", job.reason],
  ];
  return html`<dl class="facts">${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>${github === null ? null : html`<p>${github}</p>`}
<div class="columns"><section class="panel" aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2>${renderTimeline(details.events)}</section>
<section class="panel" aria-labelledby="h-runners"><h2 id="h-runners">Runners</h2>${renderRunners(details.runners, job.jobId)}</section></div>`;
}

export function renderJobPage(details: JobDetails, now: number, access: AccessMode): SafeHtml {
  const body = html`<p class="crumb"><a href="/">← All jobs</a></p><h1>${details.job.name} <span class="muted">#${details.job.jobId}</span></h1>
<div id="section-job" aria-live="polite">${renderJobDetails(details, now)}</div>
<section class="panel" aria-labelledby="h-log"><div class="panel-head"><h2 id="h-log">Runner log</h2><span class="live" id="log-status" role="status">waiting for a runner…</span></div><ol class="log" id="job-log" aria-label="Runner log lines"></ol></section>`;
  return renderLayout({ title: `${details.job.name} (#${details.job.jobId})`, page: "job", access, body, data: { "job-id": details.job.jobId } });
}
