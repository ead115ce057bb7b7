import { describe, expect, it } from "vitest";
import { BATCH_EXIT, decideBatchExitCode } from "../../src/batch/batch-exit-code.js";

describe("the batch exit code", () => {
  it.each([
    ["a successful job", [{ conclusion: "success", scriptExitCode: 0 }], false, false, 0],
    ["a script that exited 3", [{ conclusion: "failure", scriptExitCode: 3 }], false, false, 3],
    ["a failure before the script ran", [{ conclusion: "failure", scriptExitCode: null }], false, false, BATCH_EXIT.failed],
    ["a run cancelled elsewhere", [{ conclusion: "cancelled", scriptExitCode: null }], false, false, BATCH_EXIT.cancelled],
    ["a --timeout", [{ conclusion: null, scriptExitCode: null }], true, false, BATCH_EXIT.timeout],
    ["a job GitHub timed out", [{ conclusion: "timed_out", scriptExitCode: null }], false, false, BATCH_EXIT.timeout],
    ["Ctrl-C", [{ conclusion: "cancelled", scriptExitCode: null }], false, true, BATCH_EXIT.interrupted],
    ["a fan-out whose second member failed", [{ conclusion: "success", scriptExitCode: 0 }, { conclusion: "failure", scriptExitCode: 9 }], false, false, 9],
  ] as const)("is right for %s", (_what, jobs, timedOut, interrupted, expected) => {
    expect(decideBatchExitCode({ jobs, timedOut, interrupted })).toBe(expected);
  });
});
