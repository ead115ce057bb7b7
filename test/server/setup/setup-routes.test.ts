import { statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import Fastify from "fastify";
import pino from "pino";
import { systemClock } from "../../../src/clock/clock.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { registerSetupRoutes } from "../../../src/server/setup/setup-routes.js";
import { startSims } from "../../../src/sim/start-sims.js";
import { startFakeGitHubWeb, startSetupHarness, unescapeAttribute, type SetupHarness } from "../../support/setup-harness.js";
import { createSetupProbes } from "../../../src/app/create-setup-probes.js";

let harness: SetupHarness | null = null;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await harness?.close();
  harness = null;
  for (const close of closers.splice(0).reverse()) await close();
});

async function startFlow(h: SetupHarness, form: Record<string, string>): Promise<{ target: URL; manifest: Record<string, unknown>; page: string }> {
  const response = await fetch(`${h.dispatcher.url}/setup/start`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
  expect(response.status).toBe(200);
  const page = await response.text();
  const action = /<form id="manifest-form" method="post" action="([^"]+)"/.exec(page)?.[1] ?? "";
  const manifest = JSON.parse(unescapeAttribute(/name="manifest" value="([^"]+)"/.exec(page)?.[1] ?? "{}")) as Record<string, unknown>;
  return { target: new URL(unescapeAttribute(action)), manifest, page };
}

describe("the setup wizard's routes", () => {
  it("offers to create the App while the dispatcher has none, with the webhook URL it derived", async () => {
    harness = await startSetupHarness();
    const response = await fetch(`${harness.dispatcher.url}/setup`);
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page).toContain(`${harness.dispatcher.url}/webhook`);
    expect(page).toContain('action="/setup/start"');
    expect(page).toMatch(/data-check="app" data-status="fail"/);
  });

  it("posts a manifest for an organisation's App to GitHub's new-App page with a fresh state", async () => {
    harness = await startSetupHarness();
    const { target, manifest, page } = await startFlow(harness, { owner: "org", org: "acme", name: "" });
    expect(`${target.origin}${target.pathname}`).toBe(`${harness.web.url}/organizations/acme/settings/apps/new`);
    expect(target.searchParams.get("state")).toMatch(/^[\w-]{32}$/);
    expect(manifest).toMatchObject({ name: "offload-acme", hook_attributes: { url: `${harness.dispatcher.url}/webhook` }, redirect_url: `${harness.dispatcher.url}/setup/callback`, default_events: ["workflow_job"] });
    expect(page).toContain("document.getElementById('manifest-form').submit()");
  });

  it("uses the proxy's public host for the webhook URL", async () => {
    harness = await startSetupHarness();
    const response = await fetch(`${harness.dispatcher.url}/setup/start`, {
      method: "POST",
      body: new URLSearchParams({ owner: "user" }),
      headers: { "x-forwarded-host": "offload.example.org", "x-forwarded-proto": "https" },
    });
    expect(unescapeAttribute(await response.text())).toContain('"url":"https://offload.example.org/webhook"');
  });

  it("refuses an organisation name GitHub would not accept", async () => {
    harness = await startSetupHarness();
    const response = await fetch(`${harness.dispatcher.url}/setup/start`, { method: "POST", body: new URLSearchParams({ owner: "org", org: "no spaces/allowed" }) });
    expect(response.status).toBe(400);
  });

  it("exchanges GitHub's code, stores the credentials 0600 in a 0700 data directory, and the config loader reads them", async () => {
    harness = await startSetupHarness();
    const { target, manifest } = await startFlow(harness, { owner: "user" });
    const state = target.searchParams.get("state") ?? "";
    const code = harness.sims.github.createManifestCode(manifest, state);
    const response = await fetch(`${harness.dispatcher.url}/setup/callback?code=${code}&state=${state}`);
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain("data-stored");
    expect(page).toMatch(/data-check="app" data-status="ok"/);
    expect(page).toMatch(/data-check="installed" data-status="ok"/);
    expect(page).toContain(`${harness.web.url}/apps/offload-runners/installations/new`);
    const file = join(harness.dataDir, "setup-credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(harness.dataDir).mode & 0o777).toBe(0o700);
    const { config } = loadConfig({ OFFLOAD_DATA_DIR: harness.dataDir, HF_TOKEN: "x", HF_NAMESPACE: "y" });
    expect(config.github.appId).toBe(String(harness.sims.github.app.id));
    expect(config.github.privateKey?.reveal()).toBe(harness.sims.github.app.privateKeyPem);
    expect(config.github.webhookSecrets[0]?.reveal()).toBe(harness.sims.github.app.webhookSecret);
    expect(harness.sims.github.violations).toEqual([]);
  });

  it("refuses a tampered state with 403 and accepts no state twice", async () => {
    harness = await startSetupHarness();
    const { target, manifest } = await startFlow(harness, { owner: "user" });
    const state = target.searchParams.get("state") ?? "";
    const code = harness.sims.github.createManifestCode(manifest, state);
    const tampered = await fetch(`${harness.dispatcher.url}/setup/callback?code=${code}&state=${state}x`);
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain("This setup link is not valid");
    const first = await fetch(`${harness.dispatcher.url}/setup/callback?code=${code}&state=${state}`);
    expect(first.status).toBe(200);
    const again = await fetch(`${harness.dispatcher.url}/setup/callback?code=${code}&state=${state}`);
    expect(again.status).toBe(403);
  });

  it("shows the commands that persist the credentials as Space secrets when it runs in a Space", async () => {
    harness = await startSetupHarness(() => ({ SPACE_ID: "acme/offload" }));
    const { target, manifest } = await startFlow(harness, { owner: "user" });
    const state = target.searchParams.get("state") ?? "";
    const code = harness.sims.github.createManifestCode(manifest, state);
    const page = unescapeAttribute(await (await fetch(`${harness.dispatcher.url}/setup/callback?code=${code}&state=${state}`)).text());
    expect(page).toContain("hf spaces secrets add 'acme/offload' -s 'GH_APP_PRIVATE_KEY=-----BEGIN");
    expect(page).toContain(`hf spaces variables add 'acme/offload' -e 'GH_APP_ID=${harness.sims.github.app.id}'`);
  });

  it("shows the checklist read-only and creates no App once the dispatcher has one", async () => {
    harness = await startSetupHarness((sims) => ({ GH_APP_ID: String(sims.github.app.id), GH_APP_PRIVATE_KEY: sims.github.app.privateKeyPem, GH_WEBHOOK_SECRET: sims.github.app.webhookSecret }));
    const page = await (await fetch(`${harness.dispatcher.url}/setup`)).text();
    expect(page).not.toContain('action="/setup/start"');
    expect(page).toMatch(/data-check="installed" data-status="ok"/);
    expect(page).toMatch(/data-check="ready" data-status="ok"/);
    const refused = await fetch(`${harness.dispatcher.url}/setup/start`, { method: "POST", body: new URLSearchParams({ owner: "user" }) });
    expect(refused.status).toBe(409);
  });

  it("calls onCredentialsStored once the page saying so has been sent", async () => {
    const sims = await startSims();
    closers.push(() => sims.close());
    const web = await startFakeGitHubWeb(sims);
    closers.push(() => web.close());
    const dataDir = mkdtempSync(join(tmpdir(), "offload-setup-"));
    closers.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { config } = loadConfig({ GITHUB_API_URL: sims.github.url, GITHUB_WEB_URL: web.url, OFFLOAD_DATA_DIR: dataDir, OFFLOAD_PROVIDER: "local" });
    let stored!: () => void;
    const called = new Promise<void>((resolve) => (stored = resolve));
    const app = Fastify();
    closers.push(() => app.close());
    registerSetupRoutes(app, { probes: createSetupProbes(), config, clock: systemClock, log: pino({ level: "silent" }), onCredentialsStored: () => stored() });
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const start = await (await fetch(`${url}/setup/start`, { method: "POST", body: new URLSearchParams({ owner: "user" }) })).text();
    const state = /state=([\w-]+)/.exec(start)?.[1] ?? "";
    const manifest = JSON.parse(unescapeAttribute(/name="manifest" value="([^"]+)"/.exec(start)?.[1] ?? "{}")) as Record<string, unknown>;
    const page = await (await fetch(`${url}/setup/callback?code=${sims.github.createManifestCode(manifest, state)}&state=${state}`)).text();
    expect(page).toContain("The dispatcher is restarting with these credentials");
    await called;
  });
});
