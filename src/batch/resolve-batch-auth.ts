import { homedir } from "node:os";
import { join } from "node:path";
import { parsePrivateKey } from "../config/parse-private-key.js";
import { Secret } from "../config/secret.js";
import { OffloadError } from "../errors/offload-error.js";
import type { BatchAuth } from "./batch-github.js";

/**
 * Which credentials batch uses, from flags and the environment: `--token`, then
 * `GITHUB_TOKEN`, then the dispatcher's App (`GH_APP_ID` + `GH_APP_PRIVATE_KEY`). A token
 * given on purpose wins over an App configured for the dispatcher.
 */
export function resolveBatchAuth(env: Readonly<Record<string, string | undefined>>, flagToken: string | undefined): BatchAuth {
  const token = flagToken ?? env["GITHUB_TOKEN"];
  if (token !== undefined && token.trim() !== "") return { kind: "token", token: new Secret(token.trim()) };
  const appId = env["GH_APP_ID"];
  const key = env["GH_APP_PRIVATE_KEY"];
  if (appId !== undefined && appId !== "" && key !== undefined && key !== "") {
    const pem = parsePrivateKey(key);
    if (pem === null) throw new OffloadError("OFFLOAD_BATCH_AUTH", "Unreadable GH_APP_PRIVATE_KEY in the environment: expected the App's PEM private key");
    return { kind: "app", appId, privateKey: new Secret(pem) };
  }
  throw new OffloadError("OFFLOAD_BATCH_AUTH", "No GitHub credentials in the environment: expected GITHUB_TOKEN, --token, or GH_APP_ID with GH_APP_PRIVATE_KEY");
}

/** `GITHUB_API_URL` (GHES, the simulator) or github.com's. */
export function resolveApiUrl(env: Readonly<Record<string, string | undefined>>): string {
  const url = env["GITHUB_API_URL"];
  return url === undefined || url.trim() === "" ? "https://api.github.com" : url.trim().replace(/\/+$/, "");
}

/** Where batch state lives: `OFFLOAD_BATCH_DIR`, else `~/.offload/batch/` (any shell of this user finds it). */
export function resolveBatchDir(env: Readonly<Record<string, string | undefined>>): string {
  const dir = env["OFFLOAD_BATCH_DIR"];
  return dir !== undefined && dir !== "" ? dir : join(env["HOME"] ?? homedir(), ".offload", "batch");
}
