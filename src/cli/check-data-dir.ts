import { accessSync, constants, mkdirSync } from "node:fs";
import type { ConfigProblem } from "../config/config.js";

/**
 * Creates the data directory (ledger, setup credentials) before anything else starts, so a path
 * this user cannot create or write fails at once with the path and the fix, instead of a
 * dispatcher that listens and then reports "ledger not reachable" on /readyz.
 */
export function checkDataDir(dataDir: string): ConfigProblem | null {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return {
      setting: "OFFLOAD_DATA_DIR",
      message: `data directory '${dataDir}' in OFFLOAD_DATA_DIR: cannot be created or written by this user (${code})`,
      fix: `Create it and give it to this user (mkdir -p '${dataDir}' && chown "$(id -u)" '${dataDir}'), or set OFFLOAD_DATA_DIR to a writable directory (on Docker, a volume mounted at /data).`,
    };
  }
}
