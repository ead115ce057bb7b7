import { OffloadError } from "../../errors/offload-error.js";
import type { HfApiError } from "./hf-api-error.js";

/**
 * Turns a failed HF call into the error callers see: what failed, the status and HF's own words,
 * the namespace, and a hint that names the setting to fix. Never the token or a secret value.
 */
export function describeHfFailure(error: HfApiError, namespace: string, endpoint: string): OffloadError {
  const what = error.status === null ? `with a network error (${error.message})` : `with ${error.status} ${error.message}`;
  const remedy = remedyFor(error.status, namespace, endpoint);
  return new OffloadError("OFFLOAD_PROVIDER_API", `HF Jobs ${error.op} failed ${what} for '${namespace}': ${remedy}`, {
    cause: error,
    remedy,
  });
}

function remedyFor(status: number | null, namespace: string, endpoint: string): string {
  if (status === null) return `check that HF_ENDPOINT (${endpoint}) is reachable; offload retries with backoff`;
  if (status === 401) return "HF_TOKEN is missing, expired or invalid: set HF_TOKEN to a token with the jobs permission";
  if (status === 403) return `HF_TOKEN may not run jobs in namespace '${namespace}': use a token with access to HF_NAMESPACE, or change HF_NAMESPACE`;
  if (status === 404) return "the job or namespace does not exist (check HF_NAMESPACE)";
  if (status === 402) return `namespace '${namespace}' has no compute credit left: add credit or a payment method on huggingface.co`;
  if (status === 429) return "HF Jobs is rate limiting offload; it retries with backoff";
  if (status >= 500) return "HF Jobs is failing on its side; offload retries with backoff";
  return "HF Jobs refused the request as sent; check the flavor, image and labels";
}
