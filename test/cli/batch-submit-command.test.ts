import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { connectBatchGitHub } from "../../src/app/connect-batch-github.js";
import { submitBatch } from "../../src/batch/submit-batch.js";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";
import { runOffload } from "../support/cli-runner.js";

// Each `offload` start costs seconds on a loaded machine, so these cases invoke it sparingly.
describe("offload batch submit, collect later and gc on the command line", () => {
  let sim: GitHubSim;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    sim = await startGitHubSim();
    dir = await mkdtemp(join(tmpdir(), "offload-batch-cli-"));
    env = { GITHUB_API_URL: sim.url, GITHUB_TOKEN: sim.batch.createUserToken("mona"), OFFLOAD_BATCH_DIR: join(dir, "state") };
    await writeFile(join(dir, "job.sh"), "#!/bin/bash\nmkdir -p uploads/nested\necho \"index=$OFFLOAD_BATCH_INDEX\" > uploads/nested/out.txt\n");
  });
  afterEach(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("submits now and collects later: wait, fetch and list work from other invocations", async () => {
    const submitted = await runOffload(["batch", "submit", join(dir, "job.sh"), "--array", "1-3"], env);
    expect(submitted.code).toBe(0);
    const id = submitted.stdout.trim().split("\n").at(-1) ?? "";
    expect(id).toMatch(/^offload-batch-\d{8}-\d{6}-[0-9a-f]{6}$/);
    const waited = await runOffload(["batch", "wait", id, "--poll-interval", "50ms"], env);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/MEMBER\s+CONCLUSION\s+EXIT\s+FILES/);
    const out = join(dir, "fetched");
    const fetched = await runOffload(["batch", "fetch", id, "--out", out, "--poll-interval", "50ms"], env);
    expect(fetched.code).toBe(0);
    expect(await readFile(join(out, "2", "nested", "out.txt"), "utf8")).toBe("index=2\n");
    expect(sim.batch.repositories()).toEqual([]);
    const listed = await runOffload(["batch", "list"], env);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+ubuntu-latest\\s+3\\s+.*success\\s+0\\s+deleted`));
  }, 180_000);

  it("gc removes leftover batch repositories and leaves the user's own repositories alone", async () => {
    const github = await connectBatchGitHub({ apiUrl: sim.url, auth: { kind: "token", token: new Secret(env["GITHUB_TOKEN"] ?? "") } });
    await submitBatch(github, { apiUrl: sim.url, script: Buffer.from("#!/bin/bash\n"), files: [], runsOn: "ubuntu-latest", env: {}, secrets: [], members: null, timeoutMs: 60_000, keep: true, now: new Date() });
    for (const name of ["offload-batch-notes", "thesis"]) await github.octokit.request("POST /user/repos", { name, private: true });
    expect(sim.batch.repositories()).toHaveLength(3);
    const gc = await runOffload(["batch", "gc", "--older-than", "0s"], env);
    expect(gc.code).toBe(0);
    expect(gc.stdout).toContain("deleted 1");
    expect(sim.batch.repositories().sort()).toEqual(["mona/offload-batch-notes", "mona/thesis"]);
    expect(sim.violations).toEqual([]);
  }, 120_000);
});
