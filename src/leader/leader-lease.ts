import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import type { EventBus } from "../events/event-bus.js";
import type { Ledger } from "../ledger/ledger.js";

/** The lease the replicas of one ledger compete for. */
export const LEADER_LEASE = "leader";

/** Work only the leader does (the poller, the sweeps, redelivery): started when elected, stopped when deposed. */
export interface LeaderDuties {
  /** `atStart`: elected by the first attempt of `start()`, before this process launches anything. */
  onElected(atStart: boolean): Promise<void>;
  onDeposed(): Promise<void>;
}

export interface LeaderLease {
  /** This replica's holder id: host, process and a random part. */
  readonly holder: string;
  isLeader(): boolean;
  /** For /readyz: who leads and until when, in a sentence. */
  describe(): string;
  /** Starts competing; resolves once the first attempt answered (or failed), so startup knows its role. */
  start(): Promise<void>;
  /** Stops renewing, hands the duties back and releases the lease so another replica takes over at once. */
  stop(): Promise<void>;
}

export interface LeaderLeaseOptions {
  readonly ledger: Ledger;
  readonly holder: string;
  readonly ttlMs: number;
  readonly renewMs: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly duties: LeaderDuties;
  /**
   * One process owns the ledger (SQLite): the lease is trivially held, from the start, without
   * asking the database; a restarted process must not wait for its predecessor's lease to expire.
   */
  readonly single: boolean;
}

/**
 * Leader election by a lease row in the ledger. Every `renewMs` each replica asks for the lease:
 * the holder renews it, the others take it once it expired. A leader that cannot renew (database
 * unreachable, event loop stalled) stops its duties `renewMs` before its lease can expire, so two
 * leaders never overlap while the replicas' clocks agree to within that margin.
 */
export function createLeaderLease(options: LeaderLeaseOptions): LeaderLease {
  const { ledger, holder, ttlMs, renewMs, clock, log, bus, duties } = options;
  let leader = false;
  let otherHolder: string | null = null;
  let expiresAt: string | null = null;
  let stopped = true;
  let starting = false;
  let tickTimer: NodeJS.Timeout | null = null;
  let deposeTimer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  // Elections and depositions run one after another: the duties' start and stop never interleave.
  let transitions: Promise<void> = Promise.resolve();

  const become = (next: boolean, why: string): void => {
    if (leader === next) return;
    leader = next;
    log.info({ holder, why }, next ? "elected leader: polling, sweeps and redelivery run here" : "no longer leader: polling, sweeps and redelivery stop here");
    bus.emit("leader:changed", { leader: next, holder });
    const atStart = starting;
    transitions = transitions.then(() => (next ? duties.onElected(atStart) : duties.onDeposed())).catch((error: unknown) => {
      log.error({ err: error }, "leader duties failed to change over");
    });
  };

  const armDeposeTimer = (issuedAt: number): void => {
    if (deposeTimer !== null) clearTimeout(deposeTimer);
    const delay = Math.max(0, issuedAt + ttlMs - renewMs - clock.now());
    deposeTimer = setTimeout(() => {
      deposeTimer = null;
      become(false, "the lease could not be renewed in time");
    }, delay);
    deposeTimer.unref();
  };

  const attempt = async (): Promise<void> => {
    const issuedAt = clock.now();
    try {
      const lease = await ledger.acquireLease({ name: LEADER_LEASE, holder, now: new Date(issuedAt).toISOString(), expiresAt: new Date(issuedAt + ttlMs).toISOString() });
      if (stopped) return;
      expiresAt = lease.expiresAt;
      if (lease.holder === holder) {
        otherHolder = null;
        armDeposeTimer(issuedAt);
        become(true, "lease acquired");
      } else {
        otherHolder = lease.holder;
        become(false, `lease held by ${lease.holder}`);
      }
    } catch (error) {
      // The depose timer, armed by the last renewal, steps down before the lease can lapse.
      log.warn({ err: error }, "could not renew or acquire the leader lease; trying again");
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    tickTimer = setTimeout(() => {
      tickTimer = null;
      ticking = attempt().finally(() => {
        ticking = null;
        schedule();
      });
    }, renewMs);
    tickTimer.unref();
  };

  return {
    holder,
    isLeader: () => leader,
    describe() {
      if (options.single) return "leader (one process owns the SQLite ledger)";
      if (leader) return `leader (${holder}, lease until ${expiresAt ?? "?"})`;
      return otherHolder === null ? "follower (no leader known yet)" : `follower (leader: ${otherHolder}, lease until ${expiresAt ?? "?"})`;
    },
    async start() {
      stopped = false;
      starting = true;
      if (options.single) become(true, "single process");
      else {
        ticking = attempt().finally(() => {
          ticking = null;
        });
        await ticking;
      }
      starting = false;
      // Renewals go on while the duties start (a start-up refresh can take longer than the lease).
      if (!options.single) schedule();
      await transitions;
    },
    async stop() {
      const wasRunning = !stopped;
      stopped = true;
      if (tickTimer !== null) clearTimeout(tickTimer);
      if (deposeTimer !== null) clearTimeout(deposeTimer);
      tickTimer = null;
      deposeTimer = null;
      await ticking;
      const held = leader;
      become(false, "stopping");
      await transitions;
      if (wasRunning && held && !options.single) {
        await ledger.releaseLease(LEADER_LEASE, holder).catch((error: unknown) => log.warn({ err: error }, "could not release the leader lease; it expires by itself"));
      }
    },
  };
}
