import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";
import { runOffload } from "../support/cli-runner.js";

// `offload batch` as a person runs it from another shell: GITHUB_API_URL and GITHUB_TOKEN point
// at a running simulator, nothing else is shared.
// Each `offload` start costs seconds on a loaded machine (tsx compiles the CLI), hence the timeouts.
describe("offload batch on the command line", () => {
  let sim: GitHubSim;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    sim = await startGitHubSim();
    dir = await mkdtemp(join(tmpdir(), "offload-batch-cli-"));
    env = { GITHUB_API_URL: sim.url, GITHUB_TOKEN: sim.batch.createUserToken("mona"), OFFLOAD_BATCH_DIR: join(dir, "state") };
    await writeFile(join(dir, "job.sh"), "#!/bin/bash\nmkdir -p uploads/nested\necho \"index=$OFFLOAD_BATCH_INDEX greeting=$GREETING\" > uploads/nested/out.txt\necho from-the-job token=$API_TOKEN\nexit ${EXIT_WITH:-0}\n");
  });
  afterEach(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs a script, prints its log and a FILE / SIZE table, and exits 0", { timeout: 120_000 }, async () => {
    const out = join(dir, "out");
    await mkdir(join(dir, "secrets"));
    await writeFile(join(dir, "secrets", "api-token"), "tok-93f1c\n");
    const result = await runOffload(["batch", "run", join(dir, "job.sh"), "--out", out, "--env", "GREETING=hi", "--secrets-from", join(dir, "secrets"), "--poll-interval", "50ms"], env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("from-the-job");
    // Names before submitting; the value never (the log masks it as GitHub does).
    expect(result.stdout.indexOf("secrets: API_TOKEN")).toBeLessThan(result.stdout.indexOf("submitted"));
    expect(result.stdout).toContain("token=***");
    expect(result.stdout).not.toContain("tok-93f1c");
    expect(result.stdout).toMatch(/FILE\s+SIZE\nnested\/out\.txt\s+\d+ B/);
    expect(result.stdout).toMatch(/QUEUED\s+DURATION\s+TOTAL/);
    expect(await readFile(join(out, "nested", "out.txt"), "utf8")).toBe("index=0 greeting=hi\n");
    expect(sim.batch.repositories()).toEqual([]);
    expect(sim.violations).toEqual([]);
  });

  it("exits with the script's exit code and prints a JSON summary with --json", { timeout: 120_000 }, async () => {
    const result = await runOffload(["batch", "run", join(dir, "job.sh"), "--out", join(dir, "out"), "--env", "EXIT_WITH=5", "--json", "--poll-interval", "50ms"], env);
    expect(result.code).toBe(5);
    const summary = JSON.parse(result.stdout) as { conclusion: string; exitCode: number; files: { path: string }[] };
    expect(summary).toMatchObject({ conclusion: "failure", exitCode: 5, files: [{ path: "nested/out.txt" }] });
  });

  it("refuses to start without credentials, naming what to set", { timeout: 120_000 }, async () => {
    const result = await runOffload(["batch", "run", join(dir, "job.sh")], { GITHUB_API_URL: sim.url, OFFLOAD_BATCH_DIR: join(dir, "state") });
    expect(result.code).toBe(70);
    expect(result.stderr).toContain("GITHUB_TOKEN");
  });
});
