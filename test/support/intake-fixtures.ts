import { createHmac, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import type { Clock } from "../../src/clock/clock.js";
import type { OffloadConfig } from "../../src/config/config.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { Ledger } from "../../src/ledger/ledger.js";
import { openSqliteLedger } from "../../src/ledger/sqlite/open-sqlite-ledger.js";

let cachedPem: string | undefined;

/** A real RSA private key (PEM), generated once per test file: key generation is slow. */
export function testPrivateKeyPem(): string {
  cachedPem ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return cachedPem;
}

export const TEST_WEBHOOK_SECRET = "test-webhook-secret";

/** Environment of a fully configured dispatcher; `overrides` set (string) or unset (undefined) entries. */
export function configuredEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GH_APP_ID: "12345",
    GH_APP_PRIVATE_KEY: testPrivateKeyPem(),
    GH_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    HF_TOKEN: "hf_test_token",
    HF_NAMESPACE: "octo-org",
    ...overrides,
  };
}

/** A config loaded the real way; fails the test when loading reports a problem. */
export function loadTestConfig(overrides: Record<string, string | undefined> = {}): OffloadConfig {
  const { config, problems } = loadConfig(configuredEnv(overrides));
  if (problems.length > 0) throw new Error(`test config has problems: ${JSON.stringify(problems)}`);
  return config;
}

export function signBody(body: string | Buffer, secret = TEST_WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

/** GitHub's own `workflow_job` example payloads (@octokit/webhooks-examples). */
export function workflowJobExamples(): Record<string, unknown>[] {
  const require = createRequire(import.meta.url);
  const path = require.resolve("@octokit/webhooks-examples/api.github.com/index.json");
  const groups = JSON.parse(readFileSync(path, "utf8")) as ExampleGroup[];
  return groups.find((group) => group.name === "workflow_job")?.examples ?? [];
}

/** A workflow_job body shaped like GitHub's, with `labels` and overrides of the job object. */
export function workflowJobBody(options: { action?: string; jobId?: number; labels?: string[]; repo?: string; ownerType?: string; job?: Record<string, unknown> } = {}): Record<string, unknown> {
  const repo = options.repo ?? "octo-org/hello";
  const action = options.action ?? "queued";
  return {
    action,
    workflow_job: {
      id: options.jobId ?? 55_390_717_991,
      run_id: 14_000_000_001,
      run_attempt: 1,
      status: action,
      conclusion: action === "completed" ? "success" : null,
      name: "test",
      workflow_name: "CI",
      head_branch: "main",
      html_url: `https://github.com/${repo}/actions/runs/14000000001/job/1`,
      labels: options.labels ?? ["hf-jobs-t4-small"],
      runner_id: action === "in_progress" || action === "completed" ? 42 : null,
      runner_name: action === "in_progress" || action === "completed" ? "offload-runner-1" : null,
      created_at: "2025-01-01T00:00:00Z",
      steps: [],
      ...options.job,
    },
    repository: { id: 1, full_name: repo, name: repo.split("/")[1], owner: { login: repo.split("/")[0], type: options.ownerType ?? "Organization" } },
    installation: { id: 77_000_001, node_id: "MDIz" },
    sender: { login: "octocat", id: 1 },
  };
}

/** A temporary directory removed by the returned function. */
export function makeTempDir(prefix = "offload-intake-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A pino logger at trace level whose every line is kept in `lines`. */
export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: "trace" }, stream), lines };
}

/**
 * A clock for intake tests: starts at `start` and moves 1 ms each time it is read, so deliveries
 * get distinct, ordered timestamps without waiting.
 */
export function steppingClock(start = Date.parse("2026-01-01T00:00:00.000Z")): Clock {
  let now = start;
  return {
    now: () => now++,
    iso: () => new Date(now++).toISOString(),
    sleep: async () => undefined,
  };
}

/** A temp SQLite ledger, closed and deleted by `close`. */
export async function openTempLedger(): Promise<{ ledger: Ledger; close: () => Promise<void> }> {
  const dir = makeTempDir("offload-intake-ledger-");
  const ledger = await openSqliteLedger({ path: join(dir.path, "ledger.sqlite") });
  return {
    ledger,
    close: async () => {
      await ledger.close();
      dir.remove();
    },
  };
}
