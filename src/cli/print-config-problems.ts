import type { ConfigProblem } from "../config/config.js";

/** Every configuration problem at once, each with the setting, what is wrong and the fix. */
export function printConfigProblems(problems: readonly ConfigProblem[], out: NodeJS.WritableStream): void {
  out.write(`offload cannot start: ${problems.length} setting${problems.length === 1 ? "" : "s"} to fix\n`);
  for (const problem of problems) {
    out.write(`\n  ✗ ${problem.setting}: ${problem.message}\n    fix: ${problem.fix}\n`);
  }
  out.write("\n");
}
