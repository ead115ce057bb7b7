import { join } from "node:path";
import type { ConfigProblem } from "./config.js";
import type { RawSetting } from "./settings-reader.js";

/** Where `/setup` stores the App credentials it received, inside OFFLOAD_DATA_DIR. */
export const SETUP_CREDENTIALS_FILE = "setup-credentials.json";

/** The settings the file may hold; nothing else in it is read. */
export const SETUP_CREDENTIAL_NAMES = ["GH_APP_ID", "GH_APP_PRIVATE_KEY", "GH_WEBHOOK_SECRET"] as const;

/**
 * Reads `<dataDir>/setup-credentials.json` (written by the setup wizard) into raw settings, so
 * they are validated like any other. A missing or empty file is no credentials, not a problem;
 * an unreadable or malformed one is a problem that names the file, never its content.
 */
export function readSetupCredentials(dataDir: string, readFile: (path: string) => string): { settings: Map<string, RawSetting>; problems: ConfigProblem[] } {
  const path = join(dataDir, SETUP_CREDENTIALS_FILE);
  const settings = new Map<string, RawSetting>();
  const place = `${path} (stored by /setup)`;
  const problem = (message: string): { settings: Map<string, RawSetting>; problems: ConfigProblem[] } => ({
    settings,
    problems: [{ setting: SETUP_CREDENTIALS_FILE, message: `${path} ${message}`, fix: `Delete ${path} and run /setup again, or set GH_APP_ID, GH_APP_PRIVATE_KEY and GH_WEBHOOK_SECRET in the environment.` }],
  });
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { settings, problems: [] };
    return problem(`in OFFLOAD_DATA_DIR: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (text.trim() === "") return { settings, problems: [] };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return problem("in OFFLOAD_DATA_DIR: expected a JSON object, found text that is not JSON");
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) return problem("in OFFLOAD_DATA_DIR: expected a JSON object");
  for (const name of SETUP_CREDENTIAL_NAMES) {
    const value = (document as Record<string, unknown>)[name];
    if (typeof value === "string" && value.trim() !== "") settings.set(name, { value, name, place });
  }
  return { settings, problems: [] };
}

/**
 * Fills GH_APP_ID, GH_APP_PRIVATE_KEY and GH_WEBHOOK_SECRET from the setup file where neither the
 * environment nor offload.yaml set them: what an operator sets always wins over what a browser
 * stored. The file is only read when one of them is missing.
 */
export function addSetupCredentials(raw: Map<string, RawSetting>, readFile: (path: string) => string): ConfigProblem[] {
  if (SETUP_CREDENTIAL_NAMES.every((name) => raw.has(name))) return [];
  const dataDir = raw.get("OFFLOAD_DATA_DIR")?.value.trim() || DEFAULT_DATA_DIR;
  const { settings, problems } = readSetupCredentials(dataDir, readFile);
  for (const [name, setting] of settings) if (!raw.has(name)) raw.set(name, setting);
  return problems;
}

/** OFFLOAD_DATA_DIR when unset. */
export const DEFAULT_DATA_DIR = "./.offload";
