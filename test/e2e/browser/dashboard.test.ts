import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/dashboard-browser.js";
import { startDashboardStack, type DashboardStack } from "../../support/dashboard-stack.js";

const ADMIN_TOKEN = "browser-admin-token-42f0c9e1";
/** Bound on every wait for the page: generous for a loaded CI machine, never a sleep. */
const WAIT = { timeout: 30_000 };

let browser: Browser;
let dashboard: DashboardStack | null = null;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
  await dashboard?.close();
  dashboard = null;
});

async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${dashboard?.url}${path}`);
  return page;
}

/**
 * Records, in the page, the states a row's badge shows as they change. The page-side code is a
 * string: this project's TypeScript has Node's types only, not the DOM's.
 */
async function recordStates(page: Page, jobId: number): Promise<void> {
  await page.evaluate(`(() => {
    const seen = (window.seenStates = []);
    const note = () => {
      const state = document.querySelector("#job-${jobId} .state")?.textContent ?? null;
      if (state !== null && seen.at(-1) !== state) seen.push(state);
    };
    new MutationObserver(note).observe(document.getElementById("jobs-body"), { childList: true, subtree: true, characterData: true });
    note();
  })()`);
}

describe("the dashboard in Chromium", () => {
  it("shows a new job live and moves it from queued to running to completed without a reload", async () => {
    dashboard = await startDashboardStack({ hfSchedulingDelayMs: 1500 });
    const page = await open("/");
    await page.waitForSelector("#live-status.on", WAIT);
    await page.evaluate("window.loadedOnce = true");
    const job = dashboard.stack.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"], name: "unit tests", durationMs: 1500 });
    await page.waitForSelector(`#job-${job.id}`, WAIT);
    await recordStates(page, job.id);
    await page.locator(`#job-${job.id} .state`).filter({ hasText: /^completed$/ }).waitFor(WAIT);

    const seen = (await page.evaluate("window.seenStates")) as string[];
    expect(seen.filter((state) => ["queued", "running", "completed"].includes(state))).toEqual(["queued", "running", "completed"]);
    expect(await page.evaluate("window.loadedOnce")).toBe(true);
    expect(await page.textContent(`#job-${job.id} [data-label="Repository"]`)).toBe("acme/app");
    expect(await page.textContent(`#job-${job.id} [data-label="Flavor"]`)).toBe("t4-small");
    await page.locator("#count-completed").filter({ hasText: /^1$/ }).waitFor(WAIT);

    // The live row is the server's row: after a reload the markup is the same.
    const live = await page.innerHTML(`#job-${job.id}`);
    await page.reload();
    expect(await page.innerHTML(`#job-${job.id}`)).toBe(live);
  });

  it("shows a job's timeline and its runner's log lines on the job page, names as text", async () => {
    dashboard = await startDashboardStack();
    const { github, dispatcher } = dashboard.stack;
    const started = dispatcher.bus.waitFor("job:updated", (event) => event.status === "in_progress");
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"], name: "<script>window.pwned = 1</script>", durationMs: 2000 });
    await started;
    const page = await open(`/jobs/${job.id}`);
    expect(await page.textContent("h1")).toContain("<script>window.pwned = 1</script>");
    expect(await page.evaluate("window.pwned")).toBeUndefined();
    await page.locator("#job-log li", { hasText: "Running job: <script>window.pwned = 1</script>" }).waitFor(WAIT);
    const log = await page.locator("#job-log li").allTextContents();
    expect(log.some((line) => line.includes("Listening for Jobs"))).toBe(true);
    const kinds = await page.locator(".timeline .kind").allTextContents();
    expect(kinds.slice(0, 3)).toEqual(["queued", "runner:launched", "in_progress"]);
    await page.locator(".timeline .kind", { hasText: /^completed$/ }).waitFor(WAIT);
    expect(await page.locator(".timeline .offset").first().textContent()).toBe("+0.0s");
  });

  it("refuses a wrong admin token and lets the right one in", async () => {
    dashboard = await startDashboardStack({ adminToken: ADMIN_TOKEN });
    const page = await open("/");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill("#token", "not-the-token");
    await page.click("button[type=submit]");
    expect(await page.textContent("#login-error")).toContain("That is not the admin token");
    expect(await page.content()).not.toContain(ADMIN_TOKEN);
    await page.fill("#token", ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.waitForSelector("#live-status.on", WAIT);
    expect(new URL(page.url()).pathname).toBe("/");
    const cookies = await page.context().cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: "offload_session", httpOnly: true, sameSite: "Strict" })]);
    expect(cookies[0]?.value).not.toContain(ADMIN_TOKEN);
    expect(await page.evaluate("document.cookie")).toBe("");
  });

  it("lays the jobs out as cards on a phone", async () => {
    dashboard = await startDashboardStack();
    const job = dashboard.stack.github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], name: "lint", durationMs: 200 });
    await dashboard.stack.github.waitForAllJobsCompleted(30_000);
    const page = await open("/", { width: 390, height: 844 });
    const layout = await page.evaluate(`(() => {
      const row = document.getElementById("job-${job.id}");
      const cell = row.querySelector('[data-label="State"]');
      return {
        row: getComputedStyle(row).display,
        cell: getComputedStyle(cell).display,
        label: getComputedStyle(cell, "::before").content,
        head: document.querySelector("#jobs-table thead").getBoundingClientRect().height,
        overflow: document.documentElement.scrollWidth > window.innerWidth,
      };
    })()`);
    expect(layout).toEqual({ row: "block", cell: "block", label: '"State"', head: 1, overflow: false });
  });
});
