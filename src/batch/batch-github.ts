import type { Secret } from "../config/secret.js";
import type { OffloadOctokitInstance } from "../github/offload-octokit.js";

/** How batch authenticates: a fine-grained token, or the dispatcher's GitHub App on one installation. */
export type BatchAuth =
  | { readonly kind: "token"; readonly token: Secret }
  | { readonly kind: "app"; readonly appId: string; readonly privateKey: Secret };

/** Who the credentials act for: batch repositories are created under this account by default. */
export interface BatchIdentity {
  readonly login: string;
  readonly type: "User" | "Organization";
}

export interface BatchGitHub {
  readonly octokit: OffloadOctokitInstance;
  readonly identity: BatchIdentity;
}
