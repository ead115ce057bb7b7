import { randomBytes } from "node:crypto";

/**
 * A registration name: `offload-<job id>-<8 hex>`. Unique per attempt (a record lingers on GitHub
 * for a day if the runner never connects, and a reused name answers 409), at most 64 characters,
 * and readable: it names the job whose demand caused it.
 */
export function makeRunnerName(forJobId: number | null): string {
  return `offload-${forJobId ?? "pool"}-${randomBytes(4).toString("hex")}`;
}
