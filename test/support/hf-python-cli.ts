import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The huggingface_hub release the simulator is checked against (issue #9). */
export const HF_HUB_VERSION = "2.0.0";

/** How to run huggingface_hub's `hf` CLI: a Python that has the package. */
export type HfCli = { readonly python: string; readonly version: string } | { readonly missing: string };

const ENTRY = "import sys; from huggingface_hub.cli.hf import main; sys.argv[0] = 'hf'; sys.exit(main())";

async function versionIn(python: string): Promise<string | null> {
  try {
    const { stdout } = await run(python, ["-c", "import huggingface_hub; print(huggingface_hub.__version__)"], { timeout: 30_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

/**
 * A Python with huggingface_hub 2.0.0: the one on PATH if it has it (CI pip-installs it), else a
 * venv kept under the temp directory, created with pip (which installs from the configured wheel
 * mirror, offline). `missing` says why there is none, for the test to print.
 */
export async function findHfCli(): Promise<HfCli> {
  const system = "python3";
  try {
    await run(system, ["--version"], { timeout: 10_000 });
  } catch {
    return { missing: "python3 is not on PATH" };
  }
  if ((await versionIn(system)) === HF_HUB_VERSION) return { python: system, version: HF_HUB_VERSION };
  const venv = join(tmpdir(), `offload-huggingface-hub-${HF_HUB_VERSION}`);
  const venvPython = join(venv, "bin", "python");
  if (existsSync(venvPython) && (await versionIn(venvPython)) === HF_HUB_VERSION) return { python: venvPython, version: HF_HUB_VERSION };
  // Built aside and renamed into place, so an interrupted install never looks finished. Run via
  // `python -c`, which still works after the rename (the venv's scripts' shebangs would not).
  const building = await mkdtemp(join(tmpdir(), "offload-hf-venv-"));
  try {
    await run(system, ["-m", "venv", building], { timeout: 120_000 });
    await run(join(building, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `huggingface_hub==${HF_HUB_VERSION}`], { timeout: 300_000 });
    await rm(venv, { recursive: true, force: true });
    await rename(building, venv);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { missing: `huggingface_hub ${HF_HUB_VERSION} is not installed and pip could not install it (${reason})` };
  }
  const version = await versionIn(venvPython);
  return version === null ? { missing: "the venv's Python cannot import huggingface_hub" } : { python: venvPython, version };
}

export interface HfRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `hf …args` against `endpoint` as `token`, never blocking this process (the simulator lives in it). */
export async function runHf(cli: { python: string }, args: readonly string[], env: { endpoint: string; token: string; home: string }): Promise<HfRun> {
  try {
    const { stdout, stderr } = await run(cli.python, ["-c", ENTRY, ...args], {
      timeout: 60_000,
      env: {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        HOME: env.home,
        HF_HOME: env.home,
        HF_ENDPOINT: env.endpoint,
        HF_TOKEN: env.token,
        HF_HUB_DISABLE_TELEMETRY: "1",
        NO_COLOR: "1",
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
