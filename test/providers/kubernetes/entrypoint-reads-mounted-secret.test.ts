import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ENTRYPOINT = fileURLToPath(new URL("../../../runner/entrypoint.sh", import.meta.url));
const CANARY = "CANARY-mounted-jit-31f0";

// The Kubernetes provider mounts the JIT config from a Secret volume (read-only, 0444) and names
// it in ACTIONS_RUNNER_INPUT_JITCONFIG_FILE; runner/entrypoint.sh must hand it to the runner.
describe("runner/entrypoint.sh with a mounted secret", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "offload-entrypoint-"));
  });

  afterEach(async () => {
    await chmod(join(dir, "secrets"), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the runner the JIT config from the file, even when the file cannot be removed", async () => {
    const secrets = join(dir, "secrets");
    await mkdir(secrets);
    await writeFile(join(secrets, "ACTIONS_RUNNER_INPUT_JITCONFIG"), CANARY, { mode: 0o444 });
    await chmod(secrets, 0o555);
    const home = join(dir, "runner");
    await mkdir(home);
    await writeFile(join(home, "run.sh"), '#!/usr/bin/env bash\necho "jit length ${#ACTIONS_RUNNER_INPUT_JITCONFIG}"\necho "file variable: ${ACTIONS_RUNNER_INPUT_JITCONFIG_FILE:-unset}"\n', { mode: 0o755 });
    const { stdout } = await run("bash", [ENTRYPOINT], {
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dir, RUNNER_HOME: home, RUNNER_INSTALL: "never", ACTIONS_RUNNER_INPUT_JITCONFIG_FILE: join(secrets, "ACTIONS_RUNNER_INPUT_JITCONFIG") },
      timeout: 20_000,
    });
    expect(stdout).toContain(`jit length ${CANARY.length}`);
    expect(stdout).toContain("file variable: unset");
    expect(stdout).not.toContain(CANARY);
  });
});
