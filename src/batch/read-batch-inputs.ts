import { readdir, readFile } from "node:fs/promises";
import { basename, isAbsolute, join, normalize } from "node:path";
import { Secret } from "../config/secret.js";
import { OffloadError } from "../errors/offload-error.js";
import { SCRIPT_PATH } from "./render-batch-workflow.js";

/**
 * `--env K=V` pairs into a map. Keys are shell variable names; values are committed in the
 * workflow in clear text (secrets belong in --secrets-from).
 */
export function parseEnvPairs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (match === null) throw usage(`--env '${pair.split("=")[0] ?? ""}'`, "KEY=value with KEY made of letters, digits and _");
    env[match[1] ?? ""] = match[2] ?? "";
  }
  return env;
}

/**
 * `--secrets-from DIR`: each file is one secret, named after the file (upper case, `-` and `.`
 * as `_`, as actions-batch does), its value the content without the trailing newline. Values
 * are wrapped in `Secret` at once; only their names are ever shown.
 */
export async function readSecretsDir(dir: string): Promise<{ name: string; value: Secret }[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((cause: unknown) => {
    throw new OffloadError("OFFLOAD_BATCH_USAGE", `Unreadable folder '${dir}' in --secrets-from: expected a folder of one file per secret`, { cause });
  });
  const secrets: { name: string; value: Secret }[] = [];
  for (const entry of entries.filter((candidate) => candidate.isFile() && !candidate.name.startsWith(".")).sort((a, b) => a.name.localeCompare(b.name))) {
    const name = entry.name.toUpperCase().replace(/[-.]/g, "_");
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith("GITHUB_")) {
      throw usage(`secret file name '${entry.name}' in --secrets-from`, "letters, digits, - and _, not starting with a digit or GITHUB_");
    }
    const text = await readFile(join(dir, entry.name), "utf8");
    secrets.push({ name, value: new Secret(text.replace(/\r?\n$/, "")) });
  }
  return secrets;
}

/**
 * `--file PATH` (repeatable): committed at its relative path when that stays inside the job's
 * folder, else under its own name; `job.sh` and `.github/` are offload's.
 */
export async function readExtraFiles(paths: readonly string[]): Promise<{ path: string; content: Uint8Array }[]> {
  const files: { path: string; content: Uint8Array }[] = [];
  for (const path of paths) {
    const relative = normalize(path).split("\\").join("/");
    const target = isAbsolute(path) || relative.startsWith("../") || relative === ".." ? basename(path) : relative.replace(/^\.\//, "");
    if (target === SCRIPT_PATH || target.startsWith(".github/") || files.some((file) => file.path === target)) {
      throw usage(`--file '${path}'`, `a path other than ${SCRIPT_PATH}, .github/ or another --file`);
    }
    const content = await readFile(path).catch((cause: unknown) => {
      throw new OffloadError("OFFLOAD_BATCH_USAGE", `Unreadable file '${path}' in --file: expected a file offload can read`, { cause });
    });
    files.push({ path: target, content });
  }
  return files;
}

function usage(what: string, expected: string): OffloadError {
  return new OffloadError("OFFLOAD_BATCH_USAGE", `Invalid ${what}: expected ${expected}`);
}
