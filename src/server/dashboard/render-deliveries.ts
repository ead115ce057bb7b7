import type { DeliveryRecord } from "../../ledger/records.js";
import { html, type SafeHtml } from "./html.js";

function renderDeliveryRow(delivery: DeliveryRecord): SafeHtml {
  const job = delivery.jobId === null ? "—" : html`<a href="/jobs/${delivery.jobId}">${delivery.jobId}</a>`;
  return html`<tr><td data-label="Received"><time datetime="${delivery.receivedAt}">${delivery.receivedAt.slice(11, 19)}</time></td><td data-label="Event">${delivery.event}${delivery.action === null ? "" : `.${delivery.action}`}</td><td data-label="Result"><span class="result result-${delivery.result}">${delivery.result}</span></td><td data-label="Job">${job}</td><td data-label="Why" class="reason">${delivery.reason}</td></tr>`;
}

/** The latest webhook deliveries and what intake made of each. */
export function renderDeliveries(deliveries: readonly DeliveryRecord[]): SafeHtml {
  if (deliveries.length === 0) return html`<p class="empty">No webhook deliveries yet. GitHub sends one when a workflow job is queued.</p>`;
  return html`<table class="cards-on-phone"><caption class="visually-hidden">Recent webhook deliveries (times in UTC)</caption><thead><tr><th scope="col">Received (UTC)</th><th scope="col">Event</th><th scope="col">Result</th><th scope="col">Job</th><th scope="col">Why</th></tr></thead><tbody>${deliveries.map(renderDeliveryRow)}</tbody></table>`;
}
