import type { Secret } from "../config/secret.js";
import type { ConvertedApp } from "../github/app-manifest.js";
import type { HfTokenCheck } from "./check-hf-token.js";
import type { ReachabilityCheck } from "./check-url-reachable.js";

/** One installation of the App and the permissions it granted. */
export interface AppInstallation {
  readonly id: number;
  readonly account: string;
  /** `User` or `Organization`: where its settings pages live. */
  readonly accountType?: string;
  readonly permissions: Readonly<Record<string, string>>;
  readonly suspended: boolean;
}

/** What GitHub says about the App behind a key. */
export interface AppInspection {
  readonly slug: string;
  readonly name: string;
  /** Who owns the App (its settings pages are theirs). */
  readonly owner: { readonly login: string; readonly type: string };
  readonly installations: readonly AppInstallation[];
  /** GitHub's `Date` header on `GET /app`, to compare clocks with (JWTs fail with skew). */
  readonly githubDate: string | null;
}

/**
 * What the setup wizard and `offload doctor` ask of GitHub, the Hub and the network, in our words.
 * The composition root (`src/app/create-setup-probes.ts`) builds the real one, so neither of them
 * builds an adapter itself; tests may pass their own.
 */
export interface SetupProbes {
  /** `GET /app` and `/app/installations` with the App's JWT; throws an `OffloadError`. */
  inspectGitHubApp(input: { apiUrl: string; appId: string; privateKey: Secret; timeoutMs?: number }): Promise<AppInspection>;
  /** Exchanges the manifest flow's code for the new App's credentials. */
  convertManifestCode(apiUrl: string, code: string): Promise<ConvertedApp>;
  /** Who an HF token belongs to and whether the namespace is theirs. */
  checkHfToken(input: { endpoint: string; token: Secret | null; namespace: string | null }): Promise<HfTokenCheck>;
  /** Whether `<base>/healthz` answers from here. */
  checkUrlReachable(base: string): Promise<ReachabilityCheck>;
}
