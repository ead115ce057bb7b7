/* global document, window, fetch, EventSource */
// offload dashboard client: live updates over server-sent events, no framework. The server
// renders every page complete; this script only keeps it current. Everything from the API is
// put into the page as text (textContent), never as markup; section fragments come from our
// server, which escapes them.
"use strict";

const SECTION_DELAY_MS = 400;

/** Same output as src/server/dashboard/format-duration.ts formatDuration. */
function formatDuration(ms) {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** Same output as format-duration.ts formatCost. */
function formatCost(usd) {
  if (usd === null || !Number.isFinite(usd)) return "—";
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

function between(from, to, now) {
  if (!from) return null;
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
}

/** Same as job-view.ts viewJob, from a row's data attributes or a job record. */
function viewTimes(createdAt, startedAt, completedAt, price, now) {
  const queueMs = between(createdAt, startedAt || completedAt || null, now);
  const runMs = between(startedAt || null, completedAt || null, now);
  const costUsd = price === null || runMs === null ? null : (runMs / 3600000) * price;
  return { queueMs, runMs, costUsd };
}

function stateOf(job) {
  if (job.status !== "completed" && job.routing !== "pool") return job.routing;
  return job.status === "in_progress" ? "running" : job.status;
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

/** The same markup as render-jobs-table.ts renderJobRow. */
function renderJobRow(job, prices, now) {
  const price = job.flavor !== null && typeof prices[job.flavor] === "number" ? prices[job.flavor] : null;
  const times = viewTimes(job.createdAt, job.startedAt, job.completedAt, price, now);
  const state = stateOf(job);
  const stateCell = element("td", { "data-label": "State" }, element("span", { class: `state state-${state}` }, state));
  if (job.status === "completed" && job.conclusion !== null) stateCell.append(" ", element("span", { class: `conclusion conclusion-${job.conclusion}` }, job.conclusion));
  return element(
    "tr",
    {
      id: `job-${job.jobId}`,
      "data-job-id": String(job.jobId),
      "data-status": job.status,
      "data-created": job.createdAt,
      "data-started": job.startedAt ?? "",
      "data-completed": job.completedAt ?? "",
      "data-price": price === null ? "" : String(price),
    },
    element("td", { "data-label": "Repository" }, job.repo),
    element("td", { "data-label": "Job" }, element("a", { href: `/jobs/${job.jobId}` }, job.name), element("span", { class: "sub" }, job.workflowName ?? "")),
    element("td", { "data-label": "Labels" }, element("code", {}, job.labels.join(", "))),
    element("td", { "data-label": "Flavor" }, job.flavor ?? "—"),
    stateCell,
    element("td", { "data-label": "Queued", class: "num", "data-cell": "queue" }, formatDuration(times.queueMs)),
    element("td", { "data-label": "Ran", class: "num", "data-cell": "run" }, formatDuration(times.runMs)),
    element("td", { "data-label": "Cost", class: "num", "data-cell": "cost" }, formatCost(times.costUsd)),
    element("td", { "data-label": "Why", class: "reason" }, job.reason),
  );
}

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (response.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    throw new Error("signed out");
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Fetches server-rendered fragments at most once per SECTION_DELAY_MS per section. */
function sectionRefresher(urlOf) {
  const pending = new Map();
  return (name) => {
    if (pending.has(name)) return;
    pending.set(name, window.setTimeout(async () => {
      pending.delete(name);
      const target = document.getElementById(`section-${name}`);
      if (target === null) return;
      const response = await fetch(urlOf(name), { headers: { accept: "text/html" } });
      if (response.ok) target.innerHTML = await response.text();
    }, SECTION_DELAY_MS));
  };
}

function connect(url, status, handlers) {
  const source = new EventSource(url);
  source.addEventListener("open", () => {
    status.textContent = "live";
    status.className = "live on";
  });
  source.addEventListener("error", () => {
    status.textContent = "reconnecting…";
    status.className = "live off";
  });
  for (const [name, handler] of Object.entries(handlers)) source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
  return source;
}

function startDashboard() {
  const prices = JSON.parse(document.getElementById("flavor-prices")?.textContent ?? "{}");
  const body = document.getElementById("jobs-body");
  const status = document.getElementById("live-status");
  const refreshSection = sectionRefresher((name) => `/dashboard/sections/${name}`);
  if (body === null || status === null) return;

  const upsert = (job) => {
    const row = renderJobRow(job, prices, Date.now());
    const existing = document.getElementById(row.id);
    // Only what changed flashes: the reconcile refresh re-renders every queued row.
    const changed = existing === null || existing.querySelector('[data-label="State"]')?.textContent !== row.querySelector('[data-label="State"]').textContent || existing.querySelector(".reason")?.textContent !== job.reason;
    if (existing !== null) existing.replaceWith(row);
    else {
      const after = [...body.rows].find((other) => Number(other.dataset.jobId) < job.jobId);
      body.insertBefore(row, after ?? null);
      document.getElementById("jobs-empty")?.setAttribute("hidden", "");
    }
    if (!changed) return;
    row.classList.add("flash");
    row.addEventListener("animationend", () => row.classList.remove("flash"), { once: true });
  };
  const refreshJob = (jobId) => getJson(`/api/jobs/${jobId}`).then((details) => upsert(details.job), () => undefined);
  const refreshTotals = () => ["summary", "charts", "pools"].forEach(refreshSection);

  connect("/api/events", status, {
    job: (data) => {
      void refreshJob(data.jobId);
      refreshTotals();
    },
    runner: (data) => {
      data.jobIds.forEach((jobId) => void refreshJob(jobId));
      refreshSection("pools");
    },
    delivery: () => refreshSection("deliveries"),
    reconcile: () => {
      refreshSection("pools");
      getJson("/api/jobs?status=queued&limit=100").then((answer) => answer.jobs.filter((job) => document.getElementById(`job-${job.jobId}`) !== null).forEach(upsert), () => undefined);
    },
  });

  // "Retry now" on a pool backing off: the same as `offload retry <pool>` (POST /api/pools/{key}/retry).
  document.getElementById("section-pools")?.addEventListener("click", (event) => {
    const button = typeof event.target?.closest === "function" ? event.target.closest("[data-retry-pool]") : null;
    if (button === null) return;
    button.setAttribute("disabled", "");
    fetch(`/api/pools/${encodeURIComponent(button.getAttribute("data-retry-pool") ?? "")}/retry`, { method: "POST", headers: { accept: "application/json" } })
      .finally(() => refreshSection("pools"));
  });

  // Queue time, run time and cost grow while a job waits or runs.
  window.setInterval(() => {
    const now = Date.now();
    for (const row of body.rows) {
      if (row.dataset.status === "completed") continue;
      const price = row.dataset.price === "" ? null : Number(row.dataset.price);
      const times = viewTimes(row.dataset.created, row.dataset.started, row.dataset.completed, price, now);
      row.querySelector('[data-cell="queue"]').textContent = formatDuration(times.queueMs);
      row.querySelector('[data-cell="run"]').textContent = formatDuration(times.runMs);
      row.querySelector('[data-cell="cost"]').textContent = formatCost(times.costUsd);
    }
  }, 1000);
}

function startJobPage(jobId) {
  const details = document.getElementById("section-job");
  const log = document.getElementById("job-log");
  const logStatus = document.getElementById("log-status");
  if (details === null || log === null || logStatus === null) return;
  let logState = "idle"; // idle → streaming → ended

  const note = (text) => log.append(element("li", { class: "notice" }, text));
  const openLog = () => {
    if (logState !== "idle") return;
    logState = "streaming";
    const source = new EventSource(`/api/jobs/${jobId}/log`);
    logStatus.textContent = "connecting…";
    source.addEventListener("runner", (event) => {
      const runner = JSON.parse(event.data);
      logStatus.textContent = `streaming from ${runner.name}`;
      logStatus.className = "live on";
    });
    source.addEventListener("line", (event) => {
      const line = JSON.parse(event.data);
      const follow = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
      log.append(element("li", { title: line.at }, line.text));
      if (follow) log.scrollTop = log.scrollHeight;
    });
    source.addEventListener("notice", (event) => {
      const message = JSON.parse(event.data).message;
      if (log.children.length === 0) logStatus.textContent = message;
      else note(message);
    });
    source.addEventListener("end", (event) => {
      source.close();
      if (log.children.length === 0) {
        // Nothing to show yet (no runner): try again when a runner event arrives.
        logState = "idle";
        logStatus.className = "live";
        return;
      }
      logState = "ended";
      logStatus.textContent = JSON.parse(event.data).message;
      logStatus.className = "live";
    });
    source.addEventListener("error", () => {
      if (logState === "streaming") logStatus.textContent = "log connection lost; retrying…";
    });
  };
  const refresh = sectionRefresher(() => `/dashboard/sections/job/${jobId}`);
  const pageStatus = element("span", { class: "visually-hidden" });
  connect("/api/events", pageStatus, {
    job: (data) => {
      if (data.jobId === jobId) refresh("job");
    },
    runner: (data) => {
      if (!data.jobIds.includes(jobId)) return;
      refresh("job");
      openLog();
    },
  });
  openLog();
}

function start() {
  const page = document.body.dataset.page;
  if (page === "dashboard") startDashboard();
  if (page === "job") startJobPage(Number(document.body.dataset.jobId));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
