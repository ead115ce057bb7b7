import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startDispatcherProcess, type DispatcherProcess } from "../../src/sim/start-dispatcher-process.js";
import { startSims, type Sims } from "../../src/sim/start-sims.js";
import { startFakeGitHubWeb, unescapeAttribute } from "../support/setup-harness.js";
import { waitUntil } from "../support/wait-until.js";

let sims: Sims | null = null;
let web: Awaited<ReturnType<typeof startFakeGitHubWeb>> | null = null;
let dispatcher: DispatcherProcess | null = null;
let dataDir = "";

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
  await web?.close();
  web = null;
  await sims?.close();
  sims = null;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("offload serve taken through the setup wizard over HTTP", () => {
  // Regression: after the code exchange `offload serve` exited with code 0 instead of serving
  // with the credentials it had just stored (issue 9).
  it("keeps running after the code exchange, becomes ready and launches a job signed with the new secret", async () => {
    sims = await startSims();
    web = await startFakeGitHubWeb(sims);
    dataDir = mkdtempSync(join(tmpdir(), "offload-wizard-"));
    dispatcher = await startDispatcherProcess({
      GITHUB_API_URL: sims.github.url,
      GITHUB_WEB_URL: web.url,
      HF_TOKEN: sims.hf.token,
      HF_NAMESPACE: sims.hf.namespace,
      HF_ENDPOINT: sims.hf.url,
      OFFLOAD_DATA_DIR: dataDir,
      OFFLOAD_RECONCILE_INTERVAL: "1",
      LOG_LEVEL: "silent",
    });
    const base = dispatcher.url;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/setup`)).status).toBe(200);

    // The manifest page: the dispatcher answers with the form a browser posts to GitHub.
    const start = await fetch(`${base}/setup/start`, { method: "POST", body: new URLSearchParams({ owner: "user" }) });
    const page = await start.text();
    const action = unescapeAttribute(/<form id="manifest-form" method="post" action="([^"]+)"/.exec(page)?.[1] ?? "");
    const manifest = unescapeAttribute(/name="manifest" value="([^"]+)"/.exec(page)?.[1] ?? "{}");
    // GitHub's "new App" page, after the person clicks Create: a redirect back with a code.
    const created = await fetch(action, { method: "POST", body: new URLSearchParams({ manifest }), redirect: "manual" });
    expect(created.status).toBe(302);
    const callback = await fetch(created.headers.get("location") ?? "");
    expect(callback.status).toBe(200);
    await callback.text();

    const child = dispatcher.child;
    await waitUntil("the dispatcher is ready with the stored credentials", async () => (await fetch(`${base}/readyz`).then((r) => r.status, () => 0)) === 200, 20_000);
    expect(child.exitCode).toBeNull();

    // The conversion pointed the simulated App's webhook at the dispatcher, with the new secret.
    const github = sims.github;
    github.queueJob({ repo: "acme/app", labels: ["hf-jobs-cpu-basic"], durationMs: 100 });
    await waitUntil("a job launched on the HF simulator", () => sims!.hf.jobs().length === 1, 20_000);
    await github.waitForAllJobsCompleted(30_000);
    expect(child.exitCode).toBeNull();
  });
});
