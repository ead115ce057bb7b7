import { ApiException } from "@kubernetes/client-node";
import { OffloadError } from "../../errors/offload-error.js";

/**
 * One failed Kubernetes API call, kept as the `cause` of the `OffloadError` callers see, so code
 * branches on `status` (404: gone, 409: exists) and never on text. The message is the server's own
 * `Status.message`, never the client's exception text (which quotes headers and bodies).
 */
export class KubernetesApiError extends Error {
  /** HTTP status, or null when no answer arrived. */
  readonly status: number | null;
  readonly op: string;

  constructor(op: string, status: number | null, message: string) {
    super(message);
    this.name = "KubernetesApiError";
    this.op = op;
    this.status = status;
  }
}

/** Any failure of a client call as a `KubernetesApiError`. */
export function toKubernetesApiError(op: string, error: unknown): KubernetesApiError {
  if (error instanceof KubernetesApiError) return error;
  if (error instanceof ApiException) return new KubernetesApiError(op, error.code, statusMessage(error.body) ?? `HTTP ${error.code}`);
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error && "code" in cause && typeof cause.code === "string" ? cause.code : null;
  const errno = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : null;
  return new KubernetesApiError(op, null, code ?? errno ?? (error instanceof Error ? error.name : "unknown error"));
}

/** The `message` of a Kubernetes `Status` body (parsed or as text), if there is one. */
function statusMessage(body: unknown): string | null {
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() === "" ? null : body.trim().slice(0, 300);
    }
  }
  if (typeof parsed === "object" && parsed !== null && "message" in parsed && typeof parsed.message === "string") return parsed.message;
  return null;
}

/** The HTTP status behind an error from this provider (searching its causes), or null. */
export function kubernetesStatusOf(error: unknown): number | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof KubernetesApiError) return current.status;
    current = current.cause;
  }
  return null;
}

/** What callers see: what failed, the server's words, the namespace, and the setting to fix. */
export function describeKubernetesFailure(error: KubernetesApiError, namespace: string): OffloadError {
  const what = error.status === null ? `with a network error (${error.message})` : `with ${error.status} (${error.message})`;
  const remedy = remedyFor(error.status, namespace);
  return new OffloadError("OFFLOAD_PROVIDER_API", `Kubernetes ${error.op} failed ${what} in namespace '${namespace}': ${remedy}`, { cause: error, remedy });
}

function remedyFor(status: number | null, namespace: string): string {
  if (status === null) return "check the cluster's address in the kubeconfig (or the in-cluster service) is reachable; offload retries";
  if (status === 401) return "the kubeconfig's credentials were refused: renew the token or certificate of the kubeconfig offload uses";
  if (status === 403) return `offload's service account may not do this in '${namespace}': apply the Role in deploy/kubernetes (jobs, secrets, pods, pods/log) to that namespace`;
  if (status === 404) return `the namespace '${namespace}' or the object does not exist: create the namespace or set OFFLOAD_KUBERNETES_NAMESPACE`;
  if (status === 422) return "the cluster refused the runner Job as invalid: check the kubernetes profile (cpu, memory, tolerations, nodeSelector) in offload.yaml";
  if (status === 429 || status >= 500) return "the API server is busy or failing; offload retries with backoff";
  return "the API server refused the request as sent";
}
