/**
 * What one host can still take, in our words: the provider's `capacity()` reports it, placement
 * decides over it. Plain data, so the launch planner can take it as input.
 */
export interface HostCapacity {
  readonly host: string;
  /** False when the host did not answer; it is skipped and `reason` says why. */
  readonly up: boolean;
  readonly reason: string | null;
  /** Every GPU id of the host's inventory. */
  readonly gpus: readonly string[];
  /** GPU ids no runner holds. */
  readonly freeGpus: readonly string[];
  /** Further runners the host may run at once (its `maxRunners` minus those running); null: no limit. */
  readonly freeRunnerSlots: number | null;
}

/** A provider's capacity: its hosts. Backends without hosts (HF Jobs) have no `capacity()`. */
export interface ProviderCapacity {
  readonly hosts: readonly HostCapacity[];
}

/** Runners one pool wants placed. */
export interface PlacementRequest {
  /** The pool key (the planner's), or any name the caller maps back. */
  readonly pool: string;
  /** GPUs each runner needs; 0 for a CPU runner. */
  readonly gpus: number;
  /** How many runners the pool wants to launch now. */
  readonly wanted: number;
  /** Hosts the pool's rule allows; null: any host of the provider. */
  readonly hosts: readonly string[] | null;
}

/** One runner placed: on which host, with which GPUs. */
export interface Placement {
  readonly pool: string;
  readonly host: string;
  readonly gpus: readonly string[];
}

/** The most runners a pool may launch now, and, when that is fewer than it wants, why. */
export interface PoolCap {
  readonly max: number;
  readonly reason: string | null;
}
