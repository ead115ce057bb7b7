import { describe, expect, it } from "vitest";
import { decideFork, type RunOrigin } from "../../src/policy/decide-fork.js";
import { OPEN_POLICY, type ForkPolicy } from "../../src/policy/policy.js";

const FORK: RunOrigin = { event: "pull_request", repo: "acme/app", headRepo: "mallory/app", private: false, pullRequest: 7 };

function forks(overrides: Partial<ForkPolicy>): ForkPolicy {
  return { ...OPEN_POLICY.forks, ...overrides };
}

describe("decideFork", () => {
  it("holds a public repository's fork pull request by default, naming the label that releases it", () => {
    expect(decideFork(FORK, OPEN_POLICY.forks, false)).toEqual({
      action: "hold",
      reason: "pull request #7 from fork mallory/app: held until a maintainer adds the label 'ok-to-run' to the pull request",
    });
  });

  it("launches a held fork pull request once approved", () => {
    expect(decideFork(FORK, OPEN_POLICY.forks, true).action).toBe("launch");
  });

  it.each([
    [{ ...FORK, event: "push" }, "launch"],
    [{ ...FORK, headRepo: "acme/app" }, "launch"],
    [{ ...FORK, headRepo: "ACME/App" }, "launch"],
    [{ ...FORK, private: true }, "launch"],
    [{ ...FORK, event: "pull_request_target" }, "hold"],
  ] as const)("treats %j as %s", (origin, action) => {
    expect(decideFork(origin, OPEN_POLICY.forks, false).action).toBe(action);
  });

  it("denies or sandboxes as configured", () => {
    expect(decideFork(FORK, forks({ public: "deny" }), true).action).toBe("deny");
    expect(decideFork(FORK, forks({ public: "sandbox", sandbox: { flavor: "cpu-basic", timeoutSeconds: 600 } }), false)).toMatchObject({ action: "sandbox", flavor: "cpu-basic", timeoutSeconds: 600 });
  });
});
