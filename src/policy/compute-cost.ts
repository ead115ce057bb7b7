/** What one runner's compute cost, from the provider's real start and end. */
export interface RunnerCost {
  readonly usd: number;
  /** Billed seconds: from the compute's start to its end (or `now` while it runs). */
  readonly seconds: number;
  /** Of those, the seconds before the runner took its job (boot, image pull): cold start. */
  readonly coldStartSeconds: number;
  /** GPU-minutes: billed minutes × GPUs. */
  readonly gpuMinutes: number;
}

export interface CostInput {
  readonly priceUsdPerHour: number;
  readonly gpus: number;
  /** ISO times; `launchedAt` null means the compute never started, which costs nothing. */
  readonly launchedAt: string | null;
  readonly busyAt: string | null;
  readonly endedAt: string | null;
  readonly now: number;
}

/**
 * The cost of one runner's compute: billed per second from launch to end (HF Jobs bills per
 * minute of a running job; per-second accrual sums to the same within a minute per job), the cold
 * start shown apart. A pure function: the dashboard, the API, the check run and the budgets all
 * use it, so they never disagree.
 */
export function computeCost(input: CostInput): RunnerCost {
  if (input.launchedAt === null) return { usd: 0, seconds: 0, coldStartSeconds: 0, gpuMinutes: 0 };
  const start = Date.parse(input.launchedAt);
  const end = input.endedAt === null ? input.now : Date.parse(input.endedAt);
  const seconds = Math.max(0, (end - start) / 1000);
  const busy = input.busyAt === null ? end : Math.min(end, Date.parse(input.busyAt));
  const coldStartSeconds = Math.max(0, (busy - start) / 1000);
  return {
    usd: (input.priceUsdPerHour * seconds) / 3600,
    seconds,
    coldStartSeconds,
    gpuMinutes: (seconds / 60) * input.gpus,
  };
}

/** "$0.37 · a10g-small · 11 GPU-min (incl. 42 s cold start)", the note a job's check run ends with. */
export function describeCost(cost: RunnerCost, flavor: string): string {
  const usd = cost.usd < 0.01 && cost.usd > 0 ? "<$0.01" : `$${cost.usd.toFixed(2)}`;
  const minutes = cost.gpuMinutes > 0 ? `${Math.round(cost.gpuMinutes)} GPU-min` : `${Math.round(cost.seconds / 60)} min`;
  return `${usd} · ${flavor} · ${minutes} (incl. ${Math.round(cost.coldStartSeconds)} s cold start)`;
}
