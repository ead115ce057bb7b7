import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { systemClock } from "../clock/clock.js";
import { signAppJwt } from "../github/sign-app-jwt.js";
import { startSimStack, type SimStack } from "../sim/start-sim-stack.js";
import { startSims, type Sims } from "../sim/start-sims.js";

/** What `offload sim` prints: everything a client (a browser, `offload batch`, a script) needs. */
export interface SimDescription {
  readonly github: { readonly apiUrl: string; readonly appId: number; readonly privateKeyPath: string; readonly webhookSecret: string; readonly installations: Record<string, number>; readonly token: string; readonly tokenExpiresAt: string };
  readonly hf: { readonly endpoint: string; readonly token: string; readonly namespace: string };
  readonly dispatcher: { readonly url: string; readonly dashboard: string; readonly setup: string } | null;
}

/** An installation token for the first installation, minted as any client would (App JWT → access_tokens). */
async function mintToken(sims: Sims): Promise<{ token: string; expiresAt: string }> {
  const [installationId] = [...sims.installations.values()];
  const { jwt } = signAppJwt({ appId: String(sims.github.app.id), key: createPrivateKey(sims.github.app.privateKeyPem), clock: systemClock });
  const response = await fetch(`${sims.github.url}/app/installations/${installationId}/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${jwt}`, accept: "application/vnd.github+json" } });
  const body = (await response.json()) as { token?: string; expires_at?: string };
  if (!response.ok || body.token === undefined) throw new Error(`the GitHub simulator refused to mint an installation token (${response.status})`);
  return { token: body.token, expiresAt: body.expires_at ?? "" };
}

function printHuman(description: SimDescription, out: NodeJS.WritableStream): void {
  const { github, hf, dispatcher } = description;
  const lines = [
    "offload sim: simulated GitHub and HF Jobs (Ctrl-C stops them)",
    "",
    `GitHub API       GITHUB_API_URL=${github.apiUrl}`,
    `  App            GH_APP_ID=${github.appId}`,
    `  private key    GH_APP_PRIVATE_KEY=$(cat ${github.privateKeyPath})`,
    `  webhook secret GH_WEBHOOK_SECRET=${github.webhookSecret}`,
    `  installations  ${Object.entries(github.installations).map(([owner, id]) => `${owner}=${id}`).join(", ")}`,
    `  token          GITHUB_TOKEN=${github.token} (installation token, expires ${github.tokenExpiresAt})`,
    `HF Jobs          HF_ENDPOINT=${hf.endpoint}`,
    `  token          HF_TOKEN=${hf.token}`,
    `  namespace      HF_NAMESPACE=${hf.namespace}`,
    ...(dispatcher === null ? ["", "Run a dispatcher against them with `offload sim --with-dispatcher`."] : ["", `dispatcher       ${dispatcher.url}`, `  dashboard      ${dispatcher.dashboard}`, `  setup          ${dispatcher.setup}`]),
    "",
  ];
  out.write(lines.join("\n"));
}

/**
 * `offload sim`: the simulators (and optionally a dispatcher) on loopback until SIGINT/SIGTERM.
 * These are simulator credentials, made up at start and worthless elsewhere, so printing them is
 * the point; the key goes to a 0600 file so it can be passed as a path.
 */
export async function runSim(options: { withDispatcher?: boolean; json?: boolean; repo: readonly string[] }): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), "offload-sim-"));
  let dispatcherUrl: string | null = null;
  let stack: Sims;
  if (options.withDispatcher === true) {
    const withDispatcher: SimStack = await startSimStack({ dataDir: join(workDir, "data"), repos: options.repo, log: pino({ level: "silent" }) });
    dispatcherUrl = withDispatcher.dispatcher.url;
    stack = withDispatcher;
  } else {
    stack = await startSims({ repos: options.repo });
  }
  const privateKeyPath = join(workDir, "app-private-key.pem");
  writeFileSync(privateKeyPath, stack.github.app.privateKeyPem, { mode: 0o600 });
  const minted = await mintToken(stack);
  const description: SimDescription = {
    github: { apiUrl: stack.github.url, appId: stack.github.app.id, privateKeyPath, webhookSecret: stack.github.app.webhookSecret, installations: Object.fromEntries(stack.installations), token: minted.token, tokenExpiresAt: minted.expiresAt },
    hf: { endpoint: stack.hf.url, token: stack.hf.token, namespace: stack.hf.namespace },
    dispatcher: dispatcherUrl === null ? null : { url: dispatcherUrl, dashboard: `${dispatcherUrl}/`, setup: `${dispatcherUrl}/setup` },
  };
  if (options.json === true) process.stdout.write(`${JSON.stringify(description)}\n`);
  else printHuman(description, process.stdout);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await stack.close();
  rmSync(workDir, { recursive: true, force: true });
}
