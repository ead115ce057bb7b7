import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";
import { waitUntil } from "../support/wait-until.js";

const BIN = fileURLToPath(new URL("../../bin/offload", import.meta.url));

describe("Ctrl-C during offload batch run", () => {
  let sim: GitHubSim;
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    sim = await startGitHubSim();
    dir = await mkdtemp(join(tmpdir(), "offload-batch-int-"));
  });
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("cancels the run, deletes the repository and exits 130", { timeout: 120_000 }, async () => {
    await writeFile(join(dir, "job.sh"), "#!/bin/bash\nsleep 60\n");
    const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dir, GITHUB_API_URL: sim.url, GITHUB_TOKEN: sim.batch.createUserToken("mona"), OFFLOAD_BATCH_DIR: join(dir, "state") };
    child = spawn(BIN, ["batch", "run", join(dir, "job.sh"), "--out", join(dir, "out"), "--poll-interval", "100ms"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const running = child;
    const exited = new Promise<number | null>((resolve) => running.on("close", (code) => resolve(code)));
    await waitUntil("the script's step to start", () => output.includes("▸ job.sh"), 90_000);
    expect(sim.batch.repositories()).toHaveLength(1);
    running.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(output).toContain("interrupted: cancelling the run and deleting the repository");
    expect(sim.batch.repositories()).toEqual([]);
  });
});
