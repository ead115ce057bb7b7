import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unzipSafely } from "../../src/batch/unzip-safely.js";

describe("unzipping an artifact", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "offload-unzip-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps folders, so same-named files in different folders both survive", async () => {
    const zip = zipSync({ "a/result.txt": Buffer.from("a"), "b/result.txt": Buffer.from("bb") });
    const files = await unzipSafely(zip, join(dir, "out"), "artifact 'uploads'");
    expect(files).toEqual([{ path: "a/result.txt", size: 1 }, { path: "b/result.txt", size: 2 }]);
    expect(await readFile(join(dir, "out", "b", "result.txt"), "utf8")).toBe("bb");
  });

  it.each(["../escape.txt", "a/../../escape.txt", "/etc/escape.txt", "C:/escape.txt", "a\\..\\escape.txt"])("refuses the whole archive when an entry is '%s'", async (name) => {
    const zip = zipSync({ "fine.txt": Buffer.from("ok"), [name]: Buffer.from("evil") });
    await expect(unzipSafely(zip, join(dir, "out"), "artifact 'uploads'")).rejects.toMatchObject({ code: "OFFLOAD_BATCH_UNSAFE_ARCHIVE" });
    expect(await readdir(dir)).toEqual([]);
  });
});
