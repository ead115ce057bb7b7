import { describe, expect, it } from "vitest";
import { createBatchRepoName, isBatchRepoName } from "../../src/batch/batch-repo-name.js";
import { selectBatchGarbage } from "../../src/batch/gc-batch-repos.js";

const NOW = Date.parse("2026-12-04T03:00:00Z");
const HOUR = 3_600_000;

describe("what gc removes", () => {
  it("takes only batch-made names of the owner older than the limit", () => {
    const old = "2026-12-04T01:00:00Z";
    const repos = [
      { owner: "mona", name: "offload-batch-20261204-010000-3f9a1c", createdAt: old },
      { owner: "mona", name: "offload-batch-20261204-025900-aaaaaa", createdAt: "2026-12-04T02:59:00Z" },
      { owner: "mona", name: "offload-batch-notes", createdAt: old },
      { owner: "mona", name: "thesis", createdAt: old },
      { owner: "hubot", name: "offload-batch-20261204-010000-bbbbbb", createdAt: old },
    ];
    expect(selectBatchGarbage(repos, { owner: "Mona", olderThanMs: HOUR, now: NOW }).map((repo) => repo.name)).toEqual(["offload-batch-20261204-010000-3f9a1c"]);
  });

  it("recognises the names batch creates and no near miss", () => {
    const name = createBatchRepoName(new Date(NOW), () => "0a1b2c");
    expect(name).toBe("offload-batch-20261204-030000-0a1b2c");
    expect(isBatchRepoName(name)).toBe(true);
    expect(isBatchRepoName(`${name}-fork`)).toBe(false);
    expect(isBatchRepoName("offload-batch-results")).toBe(false);
  });
});
