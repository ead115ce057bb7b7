import type { PoolRecord, RunnerRecord } from "../ledger/records.js";
import type { LaunchLimit } from "../policy/limit-launches.js";
import { describeBackoff } from "./describe-backoff.js";

/**
 * Everything the planner knows about one pool: the ledger's facts plus what the rest of the
 * dispatcher says about it. Every field past the facts is optional, so a new kind of launch
 * decision (a budget, a placement limit) is one more field here, read in one place below.
 */
export interface PoolPlanInput {
  readonly pool: PoolRecord;
  /** Queued jobs routed to the pool (the ledger's one count). */
  readonly queued: number;
  /** Runners that can still take a job (planned, registered, launched); busy runners are not supply. */
  readonly supply: number;
  /** Oldest queued jobs no supply runner was launched for; launches are named after them. */
  readonly unserved: readonly number[];
  /** The pool's supply runners when they outnumber its queued jobs (candidates to retire). */
  readonly idle: readonly RunnerRecord[];
  /** With `idle`: the pool's queued jobs, so a runner named after one that waits is retired last. */
  readonly queuedJobIds?: readonly number[];
  /** Idle runners to keep beyond the queue (a warm pool's `min`, in its schedule now). */
  readonly warm?: number;
  /** A warm runner idle longer than this (ms since launch) is retired and replaced. */
  readonly maxIdleMs?: number;
  /**
   * Demand reported from outside instead of the queued count (a runner scale set's
   * `TotalAssignedJobs`): the number of jobs that want a runner of this pool.
   */
  readonly reportedDemand?: number;
  /** At most this many more launches now, and why (placement on GPU hosts, concurrency limits). */
  readonly cap?: { readonly max: number; readonly reason: string };
  /**
   * Policy verdicts (fork holds, budgets, allowlists): with `jobId` one job is not demand; without,
   * the whole pool launches nothing. The reason is shown to people as is.
   */
  readonly holds?: readonly PolicyHold[];
  /** An open circuit upstream of the pool (its provider, its GitHub installation), with the reason. */
  readonly circuit?: string;
  /**
   * Another pool's key (same labels, another backend) that takes this pool's unmet demand while
   * this one cannot launch (held, backing off, circuit open, capped). Its runners then count as
   * that pool's supply, so the demand is counted once.
   */
  readonly fallback?: string;
}

export interface PolicyHold {
  readonly jobId?: number;
  readonly reason: string;
}

export interface PlanInput {
  readonly now: number;
  readonly pools: readonly PoolPlanInput[];
  /** How many launches may start now (the effect budget left). */
  readonly budget: number;
  /** Launching is paused (drain), with the reason to show; retirements go on. */
  readonly paused?: string | null;
  /** Runners whose effects are under way: not retired (their state is about to change). */
  readonly inFlight?: ReadonlySet<string>;
  /**
   * Ceilings shared by several pools (a global or per-flavor concurrency limit): each launch takes
   * one from every limit naming its pool; a pool is held with the limit's reason once one is spent.
   * Shared rather than per-pool caps, so two pools together can never pass a global limit.
   */
  readonly limits?: readonly LaunchLimit[];
}

export interface PlannedLaunch {
  readonly pool: PoolRecord;
  /** The queued job this launch is named after (none for a warm or reported-demand runner). */
  readonly forJobId: number | null;
  /** Launched for the warm target, not for a queued job. */
  readonly warm: boolean;
  /** The pool whose demand it serves, when it is another pool's fallback. */
  readonly fallbackFor?: string;
}

export interface PlannedRetirement {
  readonly runner: RunnerRecord;
  readonly reason: string;
}

export type HoldKind = "paused" | "policy" | "backoff" | "stuck" | "circuit" | "cap";

export interface PlannedHold {
  readonly pool: PoolRecord;
  readonly kind: HoldKind;
  /** Jobs left waiting by it (oldest first), to note on them. */
  readonly jobIds: readonly number[];
  /** What a person reads, with what would end it. */
  readonly reason: string;
  /** When it ends by itself (backoff, circuit), ISO; null when a person or a change must end it. */
  readonly until: string | null;
}

export interface Plan {
  readonly launches: readonly PlannedLaunch[];
  readonly retirements: readonly PlannedRetirement[];
  readonly holds: readonly PlannedHold[];
}

interface Want {
  readonly entry: PoolPlanInput;
  /** Runners it should have: demand (minus job holds) plus the warm target plus fallback demand. */
  wanted: number;
  /** Job ids to name launches after. */
  names: number[];
  /** Of `wanted`, how many come from other pools (their fallback). */
  borrowed: { key: string; count: number; jobIds: number[] }[];
}

/**
 * The one launch rule. Per pool: wanted = demand (queued, or reported) − jobs held by policy +
 * warm target (+ demand of pools falling back to it); launch wanted − supply unless the pool is
 * paused, held, backing off, stuck or behind an open circuit (then its demand moves to its
 * fallback, if it names one), never more than its cap or the effect budget; retire idle launched
 * runners beyond wanted, and warm runners idle too long. Pure: same input, same plan.
 */
export function plan(input: PlanInput): Plan {
  const launches: PlannedLaunch[] = [];
  const holds: PlannedHold[] = [];
  const retirements: PlannedRetirement[] = [];
  const wants = new Map(input.pools.map((entry) => [entry.pool.key, wantOf(entry)]));

  // A pool that cannot launch hands its unmet demand to its fallback (one hop: no chains, no loops).
  const blockedBy = new Map<string, Omit<PlannedHold, "pool" | "jobIds">>();
  for (const entry of input.pools) {
    const block = blockOf(entry, input);
    if (block === null) continue;
    blockedBy.set(entry.pool.key, block);
    const want = wants.get(entry.pool.key);
    const target = entry.fallback === undefined ? undefined : wants.get(entry.fallback);
    if (want === undefined || target === undefined || blockOf(target.entry, input) !== null || entry.fallback === entry.pool.key) continue;
    const unmet = Math.max(0, want.wanted - (entry.warm ?? 0) - entry.supply);
    if (unmet > 0) target.borrowed.push({ key: entry.pool.key, count: unmet, jobIds: want.names.slice(0, unmet) });
  }

  let budget = Math.max(0, input.budget);
  const remaining = new Map<string, number>();
  for (const want of wants.values()) {
    const { entry } = want;
    const key = entry.pool.key;
    const block = blockedBy.get(key);
    const borrowed = want.borrowed.reduce((n, b) => n + b.count, 0);
    const wanted = want.wanted + borrowed;
    const aged = agedWarmRunners(entry, input);
    const supply = entry.supply - aged.length;
    retirements.push(...aged.map((runner) => ({ runner, reason: `warm runner idle longer than ${Math.round((entry.maxIdleMs ?? 0) / 1000)} s; replaced by a fresh one` })));

    if (supply > wanted) {
      const spare = aged.length > 0 ? entry.idle.filter((r) => !aged.includes(r)) : entry.idle;
      retirements.push(...chooseSurplus(spare, entry.queuedJobIds ?? [], input.inFlight, supply - wanted));
      continue;
    }
    const deficit = wanted - supply;
    if (deficit <= 0) continue;
    if (block !== undefined) {
      const movedTo = entry.fallback !== undefined && (wants.get(entry.fallback)?.borrowed.some((b) => b.key === key) ?? false);
      const reason = movedTo ? `${block.reason}; its jobs go to ${entry.fallback ?? ""} meanwhile` : block.reason;
      holds.push({ pool: entry.pool, kind: block.kind, jobIds: want.names, reason, until: block.until });
      continue;
    }
    const ownCap = entry.cap === undefined ? deficit : Math.min(deficit, Math.max(0, entry.cap.max));
    const shared = (input.limits ?? []).filter((limit) => limit.poolKeys.has(key));
    const tightest = shared.reduce<{ left: number; reason: string } | null>((low, limit) => {
      const left = Math.max(0, remaining.get(limit.id) ?? limit.remaining);
      return low === null || left < low.left ? { left, reason: limit.reason } : low;
    }, null);
    const capped = tightest === null ? ownCap : Math.min(ownCap, tightest.left);
    const count = Math.min(capped, budget);
    for (const limit of shared) remaining.set(limit.id, Math.max(0, (remaining.get(limit.id) ?? limit.remaining) - count));
    // Job demand first, then demand borrowed from other pools, then the warm target.
    const ownJobs = Math.max(0, want.wanted - (entry.warm ?? 0) - supply);
    const borrowedSlots = want.borrowed.flatMap((b) => Array.from({ length: b.count }, (_, i) => ({ key: b.key, jobId: b.jobIds[i] ?? null })));
    for (let i = 0; i < count; i++) {
      const slot = i >= ownJobs ? borrowedSlots[i - ownJobs] : undefined;
      if (i < ownJobs) launches.push({ pool: entry.pool, forJobId: want.names[i] ?? null, warm: false });
      else if (slot !== undefined) launches.push({ pool: entry.pool, forJobId: slot.jobId, warm: false, fallbackFor: slot.key });
      else launches.push({ pool: entry.pool, forJobId: null, warm: true });
    }
    budget -= count;
    // The effect budget running out is no hold: the launches under way wake a pass when they end.
    if (capped < deficit && count === capped) {
      const reason = tightest !== null && tightest.left < ownCap ? tightest.reason : (entry.cap?.reason ?? "");
      holds.push({ pool: entry.pool, kind: "cap", jobIds: want.names.slice(count), reason, until: null });
    }
  }
  return { launches, retirements, holds };
}

function wantOf(entry: PoolPlanInput): Want {
  const heldJobs = new Set((entry.holds ?? []).flatMap((h) => (h.jobId === undefined ? [] : [h.jobId])));
  const demand = Math.max(0, (entry.reportedDemand ?? entry.queued) - heldJobs.size);
  return { entry, wanted: demand + Math.max(0, entry.warm ?? 0), names: entry.unserved.filter((id) => !heldJobs.has(id)), borrowed: [] };
}

/** Why the pool launches nothing now, or null. The order is what a person must act on first. */
function blockOf(entry: PoolPlanInput, input: PlanInput): Omit<PlannedHold, "pool" | "jobIds"> | null {
  if (input.paused != null) return { kind: "paused", reason: input.paused, until: null };
  const poolHold = (entry.holds ?? []).find((h) => h.jobId === undefined);
  if (poolHold !== undefined) return { kind: "policy", reason: poolHold.reason, until: null };
  const backoff = describeBackoff(entry.pool, input.now);
  if (backoff !== null) return backoff;
  if (entry.circuit !== undefined) return { kind: "circuit", reason: entry.circuit, until: null };
  if (entry.cap !== undefined && entry.cap.max <= 0) return { kind: "cap", reason: entry.cap.reason, until: null };
  return null;
}

/** Warm runners (launched for no job) idle past the pool's maximum age, while no job waits. */
function agedWarmRunners(entry: PoolPlanInput, input: PlanInput): RunnerRecord[] {
  if (entry.maxIdleMs === undefined || entry.queued > 0) return [];
  const maxIdleMs = entry.maxIdleMs;
  return entry.idle.filter(
    (r) => r.state === "launched" && r.forJobId === null && r.launchedAt !== null && input.now - Date.parse(r.launchedAt) > maxIdleMs && input.inFlight?.has(r.name) !== true,
  );
}

/**
 * Surplus runners to retire: only settled ones (launched, no effect in flight), those launched
 * for a job that no longer waits first, newest first among equals, so older boots that are
 * nearly online survive.
 */
function chooseSurplus(
  idle: readonly RunnerRecord[],
  queuedJobIds: readonly number[],
  inFlight: ReadonlySet<string> | undefined,
  count: number,
): PlannedRetirement[] {
  const waiting = new Set(queuedJobIds);
  const candidates = idle
    .filter((r) => r.state === "launched" && inFlight?.has(r.name) !== true)
    .sort((a, b) => {
      const aWanted = a.forJobId !== null && waiting.has(a.forJobId) ? 1 : 0;
      const bWanted = b.forJobId !== null && waiting.has(b.forJobId) ? 1 : 0;
      return aWanted - bWanted || b.createdAt.localeCompare(a.createdAt);
    });
  return candidates.slice(0, count).map((runner) => ({ runner, reason: "no queued job needs it any more" }));
}
