import type { PoolView } from "../read-queue-view.js";
import { formatCost } from "./format-duration.js";
import { html, type SafeHtml } from "./html.js";

function renderLaunches(pool: PoolView): SafeHtml {
  if (pool.failures === 0 && pool.nextTryAt === null) return html`ok`;
  const failed = pool.failures > 0 ? `${pool.failures} failed in a row` : "ok";
  if (pool.nextTryAt === null) return html`${failed}<span class="sub">${pool.lastError ?? ""}</span>`;
  // The time, never a countdown: a page left open keeps telling the truth.
  return html`${failed}<span class="sub">next try at <time datetime="${pool.nextTryAt}">${pool.nextTryAt.slice(11, 19)} UTC</time>: ${pool.lastError ?? "launch failed"}</span><button type="button" class="retry" data-retry-pool="${pool.key}">Retry now</button>`;
}

function renderPoolRow(pool: PoolView): SafeHtml {
  return html`<tr><td data-label="Labels"><code>${pool.labels.join(", ")}</code><span class="sub">${pool.scope.kind === "org" ? `org ${pool.scope.owner}` : `repo ${pool.scope.owner}/${pool.scope.repo}`}</span></td><td data-label="Flavor">${pool.flavor}<span class="sub">${pool.provider}</span></td><td data-label="Queued" class="num">${pool.queued}</td><td data-label="Idle" class="num">${pool.idle}${pool.idleBeyondQueue > 0 ? html`<span class="sub">${pool.idleBeyondQueue} warm, ${formatCost(pool.idleCostUsd)} idle</span>` : html``}</td><td data-label="Busy" class="num">${pool.busy}</td><td data-label="Launches" class="${pool.failures > 0 ? "bad" : ""}">${renderLaunches(pool)}</td></tr>`;
}

/** Queued demand against idle and busy runners, per pool; a pool backing off has a button to try now. */
export function renderPools(pools: readonly PoolView[]): SafeHtml {
  if (pools.length === 0) return html`<p class="empty">No pools yet: a pool appears with the first job offload serves.</p>`;
  return html`<table class="cards-on-phone"><caption class="visually-hidden">Pools: queued jobs against idle and busy runners</caption><thead><tr><th scope="col">Pool</th><th scope="col">Flavor</th><th scope="col" class="num">Queued</th><th scope="col" class="num">Idle</th><th scope="col" class="num">Busy</th><th scope="col">Launches</th></tr></thead><tbody>${pools.map(renderPoolRow)}</tbody></table>`;
}
