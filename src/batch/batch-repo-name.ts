import { randomBytes } from "node:crypto";

/** Every repository offload batch creates starts with this; gc removes only these. */
export const BATCH_REPO_PREFIX = "offload-batch-";

/** `offload-batch-20261204-024943-3f9a1c`: sortable by creation, unique by the random tail. */
export function createBatchRepoName(now: Date, random: () => string = () => randomBytes(3).toString("hex")): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${BATCH_REPO_PREFIX}${stamp}-${random()}`;
}

/** Whether a repository name is one offload batch made (prefix, stamp and random tail). */
export function isBatchRepoName(name: string): boolean {
  return /^offload-batch-\d{8}-\d{6}-[0-9a-f]{6}$/.test(name);
}
