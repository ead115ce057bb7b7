import type { ComputeStatus } from "../providers/provider.js";
import { isTerminalComputeState } from "../providers/provider.js";
import type { PoolRecord, RunnerRecord } from "../ledger/records.js";
import { plan, type HoldKind, type PoolPlanInput } from "./plan.js";

/** One idempotent step that brings what exists closer to what should exist. */
export type Decision =
  | { readonly kind: "launch"; readonly pool: PoolRecord; readonly forJobId: number | null }
  | { readonly kind: "cancel"; readonly runner: RunnerRecord; readonly reason: string; readonly bootFailure?: boolean }
  | { readonly kind: "orphan"; readonly provider: string; readonly computeId: string; readonly runnerName: string }
  | { readonly kind: "adopt"; readonly runner: RunnerRecord; readonly computeId: string }
  | { readonly kind: "abandon"; readonly runner: RunnerRecord; readonly reason: string }
  | { readonly kind: "end"; readonly runner: RunnerRecord; readonly state: "finished" | "cancelled" | "failed"; readonly reason: string; readonly bootFailure: boolean }
  | { readonly kind: "hold"; readonly pool: PoolRecord; readonly jobIds: readonly number[]; readonly reason: string; readonly hold: HoldKind; readonly until: string | null };

/** Compute a provider reported, with the provider's name. */
export type ObservedCompute = ComputeStatus & { readonly provider: string };

export interface DecideInput {
  /** The planner's input per pool (facts, warm targets, circuits, policy...): see `plan`. */
  readonly pools: readonly PoolPlanInput[];
  /** Active runners to settle against what the providers report; empty when the pass did not look. */
  readonly runners: readonly RunnerRecord[];
  /** Runners whose effects this process is applying right now: their state is about to change. */
  readonly inFlight: ReadonlySet<string>;
  /** Compute seen at the providers in this pass, by runner name; absent when the pass did not look. */
  readonly observed: ReadonlyMap<string, ObservedCompute> | null;
  /**
   * When the providers were asked (epoch ms). They are asked before the ledger is read, so every
   * compute they report belongs to a runner the ledger already shows; a runner planned or launched
   * since then may have compute they could not have reported, and is left for the next pass.
   */
  readonly observedAt?: number | null;
  /** A launched runner that has not taken a job this long after launch, while jobs wait, is replaced. */
  readonly bootTimeoutMs: number;
  /** The same for pools whose flavor has its own (slow-to-pull images), by pool key. */
  readonly bootTimeoutByPool?: ReadonlyMap<string, number>;
  readonly now: number;
  /** How many more launches may start now (the effect budget left). */
  readonly launchBudget: number;
  /** Launching is paused (drain), with the reason to show. */
  readonly paused?: string | null;
  /**
   * How long a runner whose compute exited cleanly, with no job seen, still counts as supply.
   * An ephemeral runner exits 0 after its job, and under load that job's `in_progress` webhook
   * can arrive after the provider reports the exit: settling at once would launch a runner for a
   * job that is in fact already running, and then retire it as surplus.
   */
  readonly settleGraceMs: number;
}

/**
 * The reconciler's whole judgement, as a pure function of the ledger and what the providers
 * report: first the runners whose state the providers or a crash settled, then the launch planner
 * (`plan`) over every pool, with the runners leaving in this pass no longer counted as supply.
 */
export function decide(input: DecideInput): Decision[] {
  const decisions: Decision[] = [...settleRunners(input)];
  // Runners being ended, abandoned or retired are no longer supply; an adopted one still is.
  const leaving = decisions.flatMap((d) => (d.kind === "adopt" || !("runner" in d) || !isSupply(d.runner) ? [] : [d.runner]));
  const pools = leaving.length === 0 ? input.pools : input.pools.map((entry) => withoutLeaving(entry, leaving));
  const planned = plan({ now: input.now, pools, budget: input.launchBudget, paused: input.paused ?? null, inFlight: input.inFlight });
  for (const hold of planned.holds) decisions.push({ kind: "hold", pool: hold.pool, jobIds: hold.jobIds, reason: hold.reason, hold: hold.kind, until: hold.until });
  for (const launch of planned.launches) decisions.push({ kind: "launch", pool: launch.pool, forJobId: launch.forJobId });
  for (const retire of planned.retirements) decisions.push({ kind: "cancel", runner: retire.runner, reason: retire.reason });
  return decisions;
}

/** A pool's input with this pass's leaving runners taken out of its supply; their jobs wait again. */
function withoutLeaving(entry: PoolPlanInput, leaving: readonly RunnerRecord[]): PoolPlanInput {
  const left = leaving.filter((r) => r.poolKey === entry.pool.key);
  if (left.length === 0) return entry;
  const names = new Set(left.map((r) => r.name));
  const waiting = [...entry.unserved, ...left.flatMap((r) => (r.forJobId === null ? [] : [r.forJobId]))];
  return { ...entry, supply: entry.supply - left.length, unserved: waiting, idle: entry.idle.filter((r) => !names.has(r.name)) };
}

function isSupply(runner: RunnerRecord): boolean {
  return runner.state === "planned" || runner.state === "registered" || runner.state === "launched";
}

/** Decisions about runners whose state the providers or a crash settled, independent of demand. */
function settleRunners(input: DecideInput): Decision[] {
  const decisions: Decision[] = [...findOrphans(input)];
  for (const runner of input.runners) {
    if (input.inFlight.has(runner.name) || startedSinceObserved(runner, input)) continue;
    const compute = input.observed?.get(runner.name);

    if (runner.state === "planned" || runner.state === "registered") {
      // Nobody in this process is launching it: a previous process stopped half-way.
      if (input.observed === null) continue;
      if (compute !== undefined && !isTerminalComputeState(compute.state)) {
        decisions.push({ kind: "adopt", runner, computeId: compute.id });
      } else {
        decisions.push({ kind: "abandon", runner, reason: "the dispatcher stopped before this runner's compute was started" });
      }
    } else if (runner.state === "cancelling") {
      decisions.push({ kind: "cancel", runner, reason: runner.reason });
    } else if (input.observed !== null && !withinGrace(runner, compute, input)) {
      const ended = endedDecision(runner, compute) ?? bootTimeout(runner, input);
      if (ended !== null) decisions.push(ended);
    }
  }
  return decisions;
}

/**
 * GitHub hands an online idle runner a matching queued job at once, so a runner still idle long
 * after launch never came online (image pull failed, runner version refused, a ghost): it is
 * replaced, and counted as a failed launch so a pool that always fails backs off. A pool with no
 * queued job retires its idle runners as surplus instead.
 */
function bootTimeout(runner: RunnerRecord, input: DecideInput): Decision | null {
  if (runner.state !== "launched" || runner.launchedAt === null) return null;
  const timeoutMs = input.bootTimeoutByPool?.get(runner.poolKey) ?? input.bootTimeoutMs;
  const waited = input.now - Date.parse(runner.launchedAt);
  if (waited < timeoutMs) return null;
  const seconds = Math.round(timeoutMs / 1000);
  return { kind: "cancel", runner, reason: `did not take a job within ${seconds} s of launch (boot timeout)`, bootFailure: true };
}

/** Our compute that no active runner owns (its runner ended, or a crash lost track of it): stopped. */
function findOrphans(input: DecideInput): Decision[] {
  if (input.observed === null) return [];
  const owned = new Set(input.runners.map((r) => r.name));
  const orphans: Decision[] = [];
  for (const [runnerName, compute] of input.observed) {
    if (owned.has(runnerName) || input.inFlight.has(runnerName) || isTerminalComputeState(compute.state)) continue;
    orphans.push({ kind: "orphan", provider: compute.provider, computeId: compute.id, runnerName });
  }
  return orphans;
}

function startedSinceObserved(runner: RunnerRecord, input: DecideInput): boolean {
  if (input.observedAt === undefined || input.observedAt === null) return false;
  return Date.parse(runner.launchedAt ?? runner.createdAt) > input.observedAt;
}

function withinGrace(runner: RunnerRecord, compute: ComputeStatus | undefined, input: DecideInput): boolean {
  if (runner.state !== "launched" || compute?.state !== "succeeded" || compute.finishedAt === null) return false;
  return input.now - Date.parse(compute.finishedAt) < input.settleGraceMs;
}

function endedDecision(runner: RunnerRecord, compute: ComputeStatus | undefined): Decision | null {
  if (compute !== undefined && !isTerminalComputeState(compute.state)) return null;
  // Busy runners' ended compute is not inspected (observe-compute.ts): it simply stopped running.
  const detail = compute !== undefined ? describeCompute(compute) : runner.state === "busy" ? "its compute stopped" : "its compute is gone";
  if (runner.state === "busy" || compute?.state === "succeeded") {
    return { kind: "end", runner, state: "finished", reason: `runner finished: ${detail}`, bootFailure: false };
  }
  return {
    kind: "end",
    runner,
    state: "failed",
    reason: `runner ended before taking a job: ${detail}`,
    bootFailure: compute?.state !== "cancelled",
  };
}

function describeCompute(compute: ComputeStatus): string {
  return compute.message === null ? `compute ${compute.state}` : `compute ${compute.state} (${compute.message})`;
}
