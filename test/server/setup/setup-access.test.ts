import { afterEach, describe, expect, it } from "vitest";
import { startSetupHarness, type SetupHarness } from "../../support/setup-harness.js";

let harness: SetupHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const TOKEN = "a-long-enough-admin-token-0123456789";

describe("the setup wizard once the dispatcher is set up", () => {
  it("refuses to show or start the wizard without the admin token, and shows it with the token", async () => {
    harness = await startSetupHarness((sims) => ({
      GH_APP_ID: String(sims.github.app.id),
      GH_APP_PRIVATE_KEY: sims.github.app.privateKeyPem,
      GH_WEBHOOK_SECRET: sims.github.app.webhookSecret,
      OFFLOAD_ADMIN_TOKEN: TOKEN,
    }));
    const base = harness.dispatcher.url;
    expect((await fetch(`${base}/setup`, { headers: { accept: "application/json" } })).status).toBe(401);
    expect((await fetch(`${base}/setup/start`, { method: "POST", body: new URLSearchParams({ owner: "user" }), headers: { accept: "application/json" } })).status).toBe(401);
    const page = await fetch(`${base}/setup`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fsetup");
    const allowed = await fetch(`${base}/setup`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    await allowed.text();
  });

  it("leaves the wizard open while the dispatcher still needs setup, warning that GitHub cannot reach a loopback address", async () => {
    harness = await startSetupHarness(() => ({ OFFLOAD_ADMIN_TOKEN: TOKEN }));
    const response = await fetch(`${harness.dispatcher.url}/setup`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toMatch(/data-unreachable>GitHub cannot reach <code>127\.0\.0\.1<\/code>: it is a loopback address/);
    expect(page).toContain("OFFLOAD_PUBLIC_URL");
    expect(page).toMatch(/data-check="webhook" data-status="fail"/);
  });
});
