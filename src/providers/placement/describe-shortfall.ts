import type { HostCapacity, PlacementRequest } from "./host-capacity.js";

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * Why a pool's runners wait, in words a person can act on:
 * `all 8 GPUs busy on lab-1 and lab-2; lab-3 down (connect ECONNREFUSED); 3 jobs ahead`.
 * `hosts` is the capacity left once the runners placed before it took theirs.
 */
export function describeShortfall(hosts: readonly HostCapacity[], request: PlacementRequest, ahead: number): string {
  const allowed = hosts.filter((host) => request.hosts === null || request.hosts.includes(host.host));
  if (allowed.length === 0) {
    const named = request.hosts === null ? "" : `: it names ${joinNames(request.hosts)}, which ${request.hosts.length === 1 ? "is" : "are"} not configured`;
    return `no host may run it${named}`;
  }
  const up = allowed.filter((host) => host.up);
  const down = allowed.filter((host) => !host.up).map((host) => `${host.host} down (${host.reason ?? "no answer"})`);
  const tail = [...down, ...(ahead > 0 ? [`${plural(ahead, "job")} ahead`] : [])];
  const withTail = (core: string): string => [core, ...tail].join("; ");
  if (up.length === 0) return [`every host is down: ${down.join(", ")}`, ...tail.slice(down.length)].join("; ");
  const upNames = joinNames(up.map((host) => host.host));
  if (request.gpus > 0) {
    const largest = Math.max(...up.map((host) => host.gpus.length));
    if (request.gpus > largest) return withTail(`needs ${plural(request.gpus, "GPU")} per runner, but the largest host that is up (of ${upNames}) has ${largest}`);
    const total = up.reduce((sum, host) => sum + host.gpus.length, 0);
    const free = up.reduce((sum, host) => sum + host.freeGpus.length, 0);
    if (free === 0) return withTail(`all ${plural(total, "GPU")} busy on ${upNames}`);
    const perHost = up.map((host) => `${host.host} ${host.freeGpus.length} free`).join(", ");
    return withTail(`no host has ${request.gpus} GPUs free at once (${perHost})`);
  }
  return withTail(`all runner slots busy on ${upNames}`);
}
