import type { Logger } from "pino";
import type { Clock } from "../clock/clock.js";
import { Secret } from "../config/secret.js";

/** Installation tokens live one hour; take a new one 5 minutes early so none expires mid-call. */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;

/** A freshly minted installation token as GitHub answers `POST .../access_tokens`. */
export interface MintedToken {
  readonly token: string;
  /** ISO 8601 `expires_at`. */
  readonly expiresAt: string;
}

/** Installation tokens, minted once and reused until shortly before GitHub's `expires_at`. */
export interface InstallationTokens {
  get(installationId: number): Promise<Secret>;
  /** Forgets `token` (GitHub refused it) unless a newer one already replaced it. */
  invalidate(installationId: number, token: Secret): void;
}

interface CachedToken {
  readonly token: Secret;
  readonly expiresAt: number;
}

/**
 * Our own token cache, not auth-app's: auth-app keeps a token 59 minutes after it was minted by
 * the system clock (dist-src/cache.js) and never reads `expires_at`, so a shorter-lived token
 * (GHES settings, a simulator) or an injected clock would be ignored. Concurrent callers for one
 * installation share one mint.
 */
export function createInstallationTokens(deps: {
  mint: (installationId: number) => Promise<MintedToken>;
  clock: Clock;
  log: Logger;
  refreshBeforeMs?: number;
}): InstallationTokens {
  const refreshBeforeMs = deps.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const cache = new Map<number, CachedToken>();
  const pending = new Map<number, Promise<Secret>>();

  const mint = async (installationId: number): Promise<Secret> => {
    const minted = await deps.mint(installationId);
    const parsed = Date.parse(minted.expiresAt);
    // Without a readable expiry, assume GitHub's documented hour from now.
    const expiresAt = Number.isNaN(parsed) ? deps.clock.now() + 60 * 60_000 : parsed;
    const token = new Secret(minted.token);
    cache.set(installationId, { token, expiresAt });
    deps.log.debug({ installation: installationId, expiresAt: new Date(expiresAt).toISOString() }, "installation token minted");
    return token;
  };

  return {
    get(installationId) {
      const cached = cache.get(installationId);
      if (cached && deps.clock.now() < cached.expiresAt - refreshBeforeMs) return Promise.resolve(cached.token);
      const inFlight = pending.get(installationId);
      if (inFlight) return inFlight;
      const promise = mint(installationId).finally(() => pending.delete(installationId));
      pending.set(installationId, promise);
      return promise;
    },
    invalidate(installationId, token) {
      if (cache.get(installationId)?.token === token) cache.delete(installationId);
    },
  };
}
