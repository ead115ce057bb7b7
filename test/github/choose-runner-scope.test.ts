import { describe, expect, it } from "vitest";
import { chooseRunnerScope } from "../../src/github/choose-runner-scope.js";
import { isOffloadError } from "../../src/errors/offload-error.js";

describe("chooseRunnerScope", () => {
  it.each([
    { ownerType: "Organization", preferred: "org", expected: { kind: "org", installationId: 5, owner: "acme" } },
    { ownerType: "Organization", preferred: "repo", expected: { kind: "repo", installationId: 5, owner: "acme", repo: "app" } },
    { ownerType: "User", preferred: "repo", expected: { kind: "repo", installationId: 5, owner: "acme", repo: "app" } },
    { ownerType: "User", preferred: "org", expected: { kind: "repo", installationId: 5, owner: "acme", repo: "app" } },
  ] as const)("gives a $ownerType repository $expected.kind scope when $preferred is preferred", ({ ownerType, preferred, expected }) => {
    expect(chooseRunnerScope({ installationId: 5, repo: "acme/app", ownerType, preferred })).toEqual(expected);
  });

  it.each(["acme", "acme/", "/app", "a/b/c"])("refuses the repository name %j", (repo) => {
    let error: unknown;
    try {
      chooseRunnerScope({ installationId: 5, repo, ownerType: "User", preferred: "repo" });
    } catch (e) {
      error = e;
    }
    expect(isOffloadError(error, "OFFLOAD_WEBHOOK_BAD_REQUEST")).toBe(true);
  });
});
