import { describeShortfall } from "./describe-shortfall.js";
import type { HostCapacity, Placement, PlacementRequest, PoolCap } from "./host-capacity.js";

/** A host as placement fills it. */
interface HostState {
  readonly host: HostCapacity;
  free: string[];
  slots: number | null;
}

/**
 * Places the pools' runners on hosts: a pure launch decision over plain data, for the launch
 * planner (as per-pool caps) and for a provider that must refuse a launch that does not fit.
 *
 * Pools take turns, one runner each, in the order given (oldest demand first), so one pool's
 * backlog cannot starve the next; a pool that fits nowhere stops taking turns while smaller
 * requests go on filling what is left, so no GPU stays idle while a job that fits it waits. Each
 * runner goes to the allowed host with the fewest free GPUs that still fit (best fit), keeping
 * large blocks whole for runners that need many GPUs; CPU runners prefer hosts without GPUs.
 */
export function placeRunners(hosts: readonly HostCapacity[], requests: readonly PlacementRequest[]): { placements: Placement[]; caps: Map<string, PoolCap> } {
  const states = hosts.map((host): HostState => ({ host, free: host.up ? [...host.freeGpus] : [], slots: host.up ? host.freeRunnerSlots : 0 }));
  const placed = new Map<string, number>(requests.map((request) => [request.pool, 0]));
  const stuck = new Set<string>();
  const placements: Placement[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const request of requests) {
      if (stuck.has(request.pool) || (placed.get(request.pool) ?? 0) >= request.wanted) continue;
      const target = chooseHost(states, request);
      if (target === undefined) {
        stuck.add(request.pool);
        continue;
      }
      const gpus = target.free.splice(0, request.gpus);
      if (target.slots !== null) target.slots -= 1;
      placements.push({ pool: request.pool, host: target.host.host, gpus });
      placed.set(request.pool, (placed.get(request.pool) ?? 0) + 1);
      progress = true;
    }
  }
  const left = states.map(({ host, free, slots }): HostCapacity => ({ ...host, freeGpus: free, freeRunnerSlots: slots }));
  const caps = new Map<string, PoolCap>();
  let waitingBefore: { hosts: readonly string[] | null; count: number }[] = [];
  for (const request of requests) {
    const max = placed.get(request.pool) ?? 0;
    const waiting = Math.max(0, request.wanted - max);
    const ahead = waitingBefore.filter((earlier) => sharesHost(earlier.hosts, request.hosts, hosts)).reduce((sum, earlier) => sum + earlier.count, 0);
    caps.set(request.pool, { max, reason: waiting === 0 ? null : describeShortfall(left, request, ahead) });
    if (waiting > 0) waitingBefore = [...waitingBefore, { hosts: request.hosts, count: waiting }];
  }
  return { placements, caps };
}

function allows(request: PlacementRequest, host: string): boolean {
  return request.hosts === null || request.hosts.includes(host);
}

function chooseHost(states: readonly HostState[], request: PlacementRequest): HostState | undefined {
  let best: HostState | undefined;
  for (const state of states) {
    if (!state.host.up || !allows(request, state.host.host)) continue;
    if (state.free.length < request.gpus || (state.slots !== null && state.slots < 1)) continue;
    if (best === undefined || rank(state, request) < rank(best, request)) best = state;
  }
  return best;
}

/** Smaller is better: best fit on GPUs; for CPU runners, hosts without GPUs first, then most slots. */
function rank(state: HostState, request: PlacementRequest): number {
  if (request.gpus > 0) return state.free.length;
  return state.host.gpus.length * 1_000_000 - (state.slots ?? 999_999);
}

function sharesHost(a: readonly string[] | null, b: readonly string[] | null, hosts: readonly HostCapacity[]): boolean {
  return hosts.some((host) => (a === null || a.includes(host.host)) && (b === null || b.includes(host.host)));
}
