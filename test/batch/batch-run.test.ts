import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitUntil } from "../support/wait-until.js";
import { startBatchHarness, type BatchHarness } from "./batch-harness.js";

describe("offload batch against the GitHub simulator", () => {
  let harness: BatchHarness;
  beforeEach(async () => {
    harness = await startBatchHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("runs a script in a private repository and brings uploads back with their folders", async () => {
    const result = await harness.submitAndFollow({
      script: "#!/bin/bash\nmkdir -p uploads/a/b\necho hello > uploads/a/b/c.txt\necho top > uploads/top.txt\necho done\n",
    });
    expect(harness.sim.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.conclusion).toBe("success");
    expect(result.artifacts.flatMap((artifact) => artifact.files.map((file) => file.path))).toEqual(["a/b/c.txt", "top.txt"]);
    expect(await readFile(join(harness.dir, "out", "a", "b", "c.txt"), "utf8")).toBe("hello\n");
    expect(result.members[0]?.logs.find((step) => step.name === "job.sh")?.text).toContain("done");
    expect(result.deleted).toBe(true);
    expect(harness.sim.batch.repositories()).toEqual([]);
  });
});

describe("offload batch outcomes", () => {
  let harness: BatchHarness;
  beforeEach(async () => {
    harness = await startBatchHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("exits with the script's own exit code when the script fails", async () => {
    const result = await harness.submitAndFollow({ script: "#!/bin/bash\nmkdir -p uploads\necho partial > uploads/partial.txt\nexit 7\n" });
    expect(result.conclusion).toBe("failure");
    expect(result.exitCode).toBe(7);
    // The upload step runs `if: always()`, so partial results still come back.
    expect(result.artifacts[0]?.files.map((file) => file.path)).toEqual(["partial.txt"]);
    expect(harness.sim.violations).toEqual([]);
  });

  it("hands secrets to the script through sealed boxes the simulator can open", async () => {
    const { Secret } = await import("../../src/config/secret.js");
    const result = await harness.submitAndFollow(
      { script: "#!/bin/bash\n[ \"$API_KEY\" = s3cret-value ] || exit 9\n", secrets: [{ name: "API_KEY", value: new Secret("s3cret-value") }], keep: true },
    );
    expect(result.exitCode).toBe(0);
    const [repository] = harness.sim.batch.repositories();
    expect(harness.sim.batch.secretValue(repository ?? "", "API_KEY")).toBe("s3cret-value");
  });

  it("fans out over an array: every member's conclusion and uploads land in out/<index>/", async () => {
    const { parseArray } = await import("../../src/batch/batch-members.js");
    const result = await harness.submitAndFollow({
      script: "#!/bin/bash\nmkdir -p uploads\necho \"member $OFFLOAD_BATCH_INDEX\" > uploads/result.txt\n[ \"$OFFLOAD_BATCH_INDEX\" != 2 ] || exit 4\n",
      members: parseArray("1-3"),
    });
    expect(result.members.map((member) => [member.index, member.conclusion, member.exitCode])).toEqual([["1", "success", 0], ["2", "failure", 4], ["3", "success", 0]]);
    expect(result.exitCode).toBe(4);
    expect(await readFile(join(harness.dir, "out", "3", "result.txt"), "utf8")).toBe("member 3\n");
    expect(harness.sim.violations).toEqual([]);
  });

  it("fans out over a --matrix: each member sees its index and its values", async () => {
    const { parseMatrix } = await import("../../src/batch/batch-members.js");
    const result = await harness.submitAndFollow({
      script: "#!/bin/bash\nmkdir -p uploads\necho \"$OFFLOAD_BATCH_INDEX $OFFLOAD_MATRIX_MODEL $OFFLOAD_MATRIX_SEED\" > uploads/who.txt\n",
      members: parseMatrix(["model=small,large", "seed=7"]),
    });
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(harness.dir, "out", "2", "who.txt"), "utf8")).toBe("2 large 7\n");
  });

  it("gives up at --timeout with its own exit code, cancels the run and deletes the repository", async () => {
    harness.sim.batch.serveLabels(["ubuntu-latest"]);
    const result = await harness.submitAndFollow({ script: "#!/bin/bash\necho never\n", runsOn: "gpu-a100" }, { timeoutMs: 1500 });
    expect(result.outcome).toBe("timed-out");
    expect(result.exitCode).toBe(124);
    expect(result.deleted).toBe(true);
    expect(harness.sim.batch.repositories()).toEqual([]);
  });

  it("reports cancellation when the run is interrupted", async () => {
    const controller = new AbortController();
    const pending = harness.submitAndFollow({ script: "#!/bin/bash\nsleep 30\n" }, { signal: controller.signal });
    await waitUntil("the watcher to read the jobs", () => harness.sim.calls.some((call) => call.path.endsWith("/jobs")), 10_000);
    controller.abort();
    const result = await pending;
    expect(result.outcome).toBe("interrupted");
    expect(result.exitCode).toBe(130);
    expect(harness.sim.batch.repositories()).toEqual([]);
  });

  it("authenticates as the dispatcher's App on an organisation's installation and creates the repository there", async () => {
    const { Secret } = await import("../../src/config/secret.js");
    const { connectBatchGitHub } = await import("../../src/app/connect-batch-github.js");
    const { BATCH_TOKEN_PERMISSIONS } = await import("../../src/sim/github/batch/install-batch-sim.js");
    const { submitBatch } = await import("../../src/batch/submit-batch.js");
    const { sim } = harness;
    sim.addInstallation({ account: "octo-lab", type: "Organization", repos: [], permissions: { ...BATCH_TOKEN_PERMISSIONS } });
    const github = await connectBatchGitHub({ apiUrl: sim.url, auth: { kind: "app", appId: String(sim.app.id), privateKey: new Secret(sim.app.privateKeyPem) }, owner: "octo-lab" });
    expect(github.identity).toEqual({ login: "octo-lab", type: "Organization" });
    const record = await submitBatch(github, { apiUrl: sim.url, script: Buffer.from("#!/bin/bash\n"), files: [], runsOn: "ubuntu-latest", env: {}, secrets: [], members: null, timeoutMs: 60_000, keep: true, now: new Date() });
    expect(harness.sim.batch.repositories()).toEqual([`octo-lab/${record.repo}`]);
    expect(sim.violations).toEqual([]);
  });
});
