import { renderRepository } from "../render-repository.js";
import type { SimRepo } from "../sim-state.js";
import type { BatchRepo } from "./batch-sim-state.js";

/**
 * GitHub's `full-repository` for a repository created through the API: the shared rendering
 * plus its real visibility and timestamps (gc decides by `created_at`).
 */
export function renderBatchRepository(repo: SimRepo, batchRepo: BatchRepo | undefined, api: string): Record<string, unknown> {
  const base = renderRepository(repo, api);
  if (batchRepo === undefined) return { ...base, network_count: 0, subscribers_count: 0 };
  return {
    ...base,
    private: batchRepo.private,
    visibility: batchRepo.private ? "private" : "public",
    created_at: batchRepo.createdAt,
    updated_at: batchRepo.pushedAt,
    pushed_at: batchRepo.pushedAt,
    network_count: 0,
    subscribers_count: 0,
  };
}
