import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSetupHarness, type SetupHarness } from "../../support/setup-harness.js";

// OFFLOAD_SCREENSHOTS=1 refreshes docs/images/setup-*.png; otherwise they go to a temporary directory.
const SHOTS = process.env["OFFLOAD_SCREENSHOTS"] === "1" ? fileURLToPath(new URL("../../../docs/images/", import.meta.url)) : mkdtempSync(join(tmpdir(), "offload-shots-"));

let browser: Browser;
let harness: SetupHarness | null = null;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser.close();
  if (!SHOTS.includes("docs/images")) rmSync(SHOTS, { recursive: true, force: true });
});
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `setup-${name}.png`), fullPage: true });
}

describe("the setup wizard in Chromium", () => {
  it("creates the App through GitHub's manifest flow, stores its key 0600 and shows it in the checklist", async () => {
    harness = await startSetupHarness();
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${harness.dispatcher.url}/setup`);
    await expect(page.locator("[data-webhook-url]").textContent()).resolves.toBe(`${harness.dispatcher.url}/webhook`);
    await shoot(page, "1-create-app");

    await page.getByLabel("An organisation", { exact: true }).check();
    await page.getByLabel(/Organisation name/).fill("acme");
    await page.getByRole("button", { name: /Create the GitHub App/ }).click();
    await page.locator("[data-stored]").waitFor({ timeout: 20_000 });

    expect(harness.web.posts.map((post) => post.path)).toEqual(["/organizations/acme/settings/apps/new"]);
    expect(harness.web.posts[0]?.manifest).toMatchObject({ name: "offload-acme", hook_attributes: { url: `${harness.dispatcher.url}/webhook` } });
    expect(statSync(join(harness.dataDir, "setup-credentials.json")).mode & 0o777).toBe(0o600);
    await expect(page.locator('[data-check="app"]').getAttribute("data-status")).resolves.toBe("ok");
    await expect(page.locator('[data-check="installed"]').getAttribute("data-status")).resolves.toBe("ok");
    await expect(page.locator("[data-install-link]").getAttribute("href")).resolves.toBe(`${harness.web.url}/apps/offload-acme/installations/new`);
    await shoot(page, "3-app-created");

    await page.goto(`${harness.dispatcher.url}/setup`);
    await expect(page.locator('[data-check="ready"]').getAttribute("data-status")).resolves.toBe("unknown");
    await shoot(page, "4-checklist");
    await page.close();
  });

  it("shows the hand-over page with a button when JavaScript is off", async () => {
    harness = await startSetupHarness();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${harness.dispatcher.url}/setup`);
    await page.getByRole("button", { name: /Create the GitHub App/ }).click();
    await page.getByRole("button", { name: "Continue to GitHub" }).waitFor();
    await shoot(page, "2-to-github");
    await context.close();
  });

  it("refuses a tampered state with a page that says what to do", async () => {
    harness = await startSetupHarness();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await page.goto(`${harness.dispatcher.url}/setup/callback?code=abc&state=forged`);
    expect(response?.status()).toBe(403);
    await expect(page.locator("[data-error]").textContent()).resolves.toContain("state in GET /setup/callback");
    await shoot(page, "5-refused-phone");
    await page.goto(`${harness.dispatcher.url}/setup`);
    await shoot(page, "1-create-app-phone");
    await page.close();
  });
});
