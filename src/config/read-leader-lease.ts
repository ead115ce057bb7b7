import type { SettingsReader } from "./settings-reader.js";

/** How replicas on one PostgreSQL ledger elect the one that polls, sweeps and redelivers. */
export interface LeaderLeaseSettings {
  /** A leader that stops renewing loses the lease after this long (OFFLOAD_LEADER_LEASE_TTL, default 10 s). */
  readonly ttlMs: number;
  /** The leader renews, and the others try to take it, this often (OFFLOAD_LEADER_LEASE_RENEW, default 3 s). */
  readonly renewMs: number;
}

const seconds = (text: string): number | null => (/^\d+(\.\d+)?$/.test(text) && Number(text) >= 0.05 ? Math.round(Number(text) * 1000) : null);

/** Seconds with a fraction allowed (tests use 2 and 0.3); the renewal must come well before expiry. */
export function readLeaderLease(reader: SettingsReader): LeaderLeaseSettings {
  const ttlMs = reader.parse("OFFLOAD_LEADER_LEASE_TTL", 10_000, seconds, "a number of seconds, e.g. 10", "Set OFFLOAD_LEADER_LEASE_TTL to e.g. 10.");
  const renewMs = reader.parse("OFFLOAD_LEADER_LEASE_RENEW", 3_000, (text) => {
    const ms = seconds(text);
    return ms !== null && ms * 2 <= ttlMs ? ms : null;
  }, "a number of seconds at most half of OFFLOAD_LEADER_LEASE_TTL, e.g. 3", "Set OFFLOAD_LEADER_LEASE_RENEW to about a third of OFFLOAD_LEADER_LEASE_TTL.");
  return { ttlMs, renewMs: Math.min(renewMs, Math.floor(ttlMs / 2)) };
}
