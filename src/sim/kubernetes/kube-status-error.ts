/** Reasons the real API server puts in a `Status` (k8s.io/apimachinery metav1.StatusReason). */
export type StatusReason = "NotFound" | "AlreadyExists" | "Invalid" | "BadRequest" | "Unauthorized" | "MethodNotAllowed" | "Conflict";

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

/** A refusal the stand-in answers as a Kubernetes `Status` object with this HTTP code. */
export class KubeStatusError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };

  constructor(code: number, reason: StatusReason, message: string, details: KubeStatusError["details"] = {}) {
    super(message);
    this.name = "KubeStatusError";
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** The body, shaped like the API server's (metav1.Status). */
  toStatus(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

/** `jobs.batch "x" not found`, as the API server words it. */
export function notFound(resource: string, group: string, name: string): KubeStatusError {
  const qualified = group === "" ? resource : `${resource}.${group}`;
  return new KubeStatusError(404, "NotFound", `${qualified} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(resource: string, group: string, name: string): KubeStatusError {
  const qualified = group === "" ? resource : `${resource}.${group}`;
  return new KubeStatusError(409, "AlreadyExists", `${qualified} "${name}" already exists`, { name, group, kind: resource });
}
