// Saves screenshots of the dashboard's main pages to docs/images/: run with
//   node --import tsx test/e2e/browser/capture-screenshots.ts
// It starts the simulators and a dispatcher, runs a few jobs (one of them refused), and
// photographs the dashboard (desktop and phone), a job page with its log, and the login form.
import { fileURLToPath } from "node:url";
import { startDashboardStack } from "../../support/dashboard-stack.js";
import { launchChromium } from "../../support/dashboard-browser.js";

const out = (name: string): string => fileURLToPath(new URL(`../../../docs/images/${name}`, import.meta.url));
const ADMIN_TOKEN = "screenshot-admin-token-0123456789";

async function main(): Promise<void> {
  const dashboard = await startDashboardStack({ adminToken: ADMIN_TOKEN });
  const browser = await launchChromium();
  try {
    const { github } = dashboard.stack;
    github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"], name: "gpu tests (cuda 12)", workflowName: "CI", durationMs: 1500 });
    github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-upgrade"], name: "lint", workflowName: "CI", durationMs: 800 });
    github.queueJob({ repo: "acme/app", labels: ["hf-jobs-a10g-large"], name: "train smoke test", workflowName: "Nightly", durationMs: 2500 });
    await github.waitForAllJobsCompleted(60_000);
    github.queueJob({ repo: "acme/app", labels: ["hf-jobs-h100"], name: "benchmarks", workflowName: "Bench", durationMs: 500 });
    const started = dashboard.stack.dispatcher.bus.waitFor("job:updated", (event) => event.status === "in_progress");
    const running = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-l4x1"], name: "integration <script>alert(1)</script>", workflowName: "CI", durationMs: 120_000 });
    await started;
    await github.settleDeliveries();

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(`${dashboard.url}/login`);
    await page.screenshot({ path: out("login.png") });
    await page.fill("#token", ADMIN_TOKEN);
    await page.click("button[type=submit]");
    await page.waitForSelector("#live-status.on");
    await page.screenshot({ path: out("dashboard-desktop.png"), fullPage: true });
    await page.goto(`${dashboard.url}/jobs/${running.id}`);
    await page.waitForSelector("#job-log li");
    await page.screenshot({ path: out("job-page.png"), fullPage: true });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "dark", storageState: await context.storageState() });
    const phonePage = await phone.newPage();
    await phonePage.goto(dashboard.url);
    await phonePage.waitForSelector("#live-status.on");
    await phonePage.screenshot({ path: out("dashboard-phone.png") });
    console.log(`saved screenshots to ${out("")}`);
  } finally {
    await browser.close();
    await dashboard.close();
  }
}

await main();
