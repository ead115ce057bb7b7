import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startDispatcher, type Dispatcher } from "../../src/app/start-dispatcher.js";
import { loadConfig } from "../../src/config/load-config.js";
import { startSims, type Sims } from "../../src/sim/start-sims.js";

/** What GitHub's "new App" page received: the form's manifest and the URL's state. */
export interface ManifestPost {
  readonly path: string;
  readonly state: string;
  readonly manifest: Record<string, unknown>;
}

/**
 * Stands in for github.com's web pages in the manifest flow: a POST to `.../settings/apps/new`
 * is answered at once with the redirect GitHub sends after the person clicks "Create", carrying
 * a code the GitHub simulator will convert.
 */
export async function startFakeGitHubWeb(sims: Sims): Promise<{ url: string; posts: ManifestPost[]; close(): Promise<void> }> {
  const posts: ManifestPost[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method !== "POST" || !/^(\/organizations\/[^/]+)?\/settings\/apps\/new$/.test(url.pathname)) {
      response.writeHead(404).end("not a manifest page");
      return;
    }
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const manifest = JSON.parse(new URLSearchParams(body).get("manifest") ?? "{}") as Record<string, unknown>;
      const state = url.searchParams.get("state") ?? "";
      posts.push({ path: url.pathname, state, manifest });
      const code = sims.github.createManifestCode(manifest, state);
      const back = new URL(String(manifest["redirect_url"]));
      back.searchParams.set("code", code);
      back.searchParams.set("state", state);
      response.writeHead(302, { location: back.toString() }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** A dispatcher that needs setup (no App yet), the simulators, and the fake GitHub web pages. */
export interface SetupHarness {
  readonly sims: Sims;
  readonly web: Awaited<ReturnType<typeof startFakeGitHubWeb>>;
  readonly dispatcher: Dispatcher;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function startSetupHarness(extraEnv: (sims: Sims) => Record<string, string> = () => ({})): Promise<SetupHarness> {
  const sims = await startSims();
  const web = await startFakeGitHubWeb(sims);
  const dataDir = mkdtempSync(join(tmpdir(), "offload-setup-"));
  const { config, problems } = loadConfig({
    GITHUB_API_URL: sims.github.url,
    GITHUB_WEB_URL: web.url,
    HF_TOKEN: sims.hf.token,
    HF_NAMESPACE: sims.hf.namespace,
    HF_ENDPOINT: sims.hf.url,
    OFFLOAD_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    ...extraEnv(sims),
  });
  if (problems.length > 0) throw new Error(`setup harness config rejected: ${JSON.stringify(problems)}`);
  const dispatcher = await startDispatcher({ config, log: pino({ level: "silent" }) });
  return {
    sims,
    web,
    dispatcher,
    dataDir,
    close: async () => {
      await dispatcher.stop();
      await web.close();
      await sims.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The text of an HTML attribute value back as it was before escaping. */
export function unescapeAttribute(text: string): string {
  return text.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}
