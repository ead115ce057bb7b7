import { createBatchStore, type BatchStore } from "../batch/batch-store.js";
import { connectBatchGitHub, type BatchGitHub } from "../app/connect-batch-github.js";
import { resolveApiUrl, resolveBatchAuth, resolveBatchDir } from "../batch/resolve-batch-auth.js";
import { BATCH_EXIT } from "../batch/batch-exit-code.js";
import { isOffloadError } from "../errors/offload-error.js";
import { createTerminalStyle, type TerminalStyle } from "./terminal-style.js";

/** What every `offload batch` subcommand starts from; the one place batch reads process.env. */
export interface BatchCliContext {
  readonly apiUrl: string;
  readonly store: BatchStore;
  readonly style: TerminalStyle;
  connect(options: { token?: string; owner?: string; apiUrl?: string }): Promise<BatchGitHub>;
}

export function createBatchCliContext(): BatchCliContext {
  const env = process.env;
  return {
    apiUrl: resolveApiUrl(env),
    store: createBatchStore(resolveBatchDir(env)),
    style: createTerminalStyle(process.stdout, process.stderr, env),
    connect: async (options) =>
      connectBatchGitHub({
        apiUrl: options.apiUrl ?? resolveApiUrl(env),
        auth: resolveBatchAuth(env, options.token),
        ...(options.owner === undefined ? {} : { owner: options.owner }),
      }),
  };
}

/** Prints an error with its remedy and sets the exit status (usage 64, anything else 70). */
export function reportBatchFailure(error: unknown): void {
  if (isOffloadError(error)) {
    process.stderr.write(`✗ ${error.message}\n  fix: ${error.remedy}\n`);
    process.exitCode = error.code === "OFFLOAD_BATCH_USAGE" ? BATCH_EXIT.usage : BATCH_EXIT.error;
    return;
  }
  process.stderr.write(`✗ ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = BATCH_EXIT.error;
}
