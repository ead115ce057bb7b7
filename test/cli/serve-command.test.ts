import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runOffload } from "../support/cli-runner.js";

let scratch = "";
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe("offload serve", () => {
  it("fails at once, naming the path and the fix, when its data directory cannot be created", async () => {
    scratch = mkdtempSync(join(tmpdir(), "offload-serve-"));
    // A file where a directory should be: no user, root included, can create the data directory.
    writeFileSync(join(scratch, "file"), "");
    const dataDir = join(scratch, "file", "data");
    const run = await runOffload(["serve"], { OFFLOAD_DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`✗ OFFLOAD_DATA_DIR: data directory '${dataDir}' in OFFLOAD_DATA_DIR: cannot be created or written by this user (ENOTDIR)`);
    expect(run.stderr).toContain("fix: Create it and give it to this user");
  });
});
