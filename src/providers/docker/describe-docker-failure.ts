import { OffloadError } from "../../errors/offload-error.js";

/** What dockerode's errors carry: the HTTP status and Docker's JSON message. */
export function dockerStatusOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" ? status : null;
}

function dockerMessageOf(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const json = (error as { json?: unknown }).json;
    if (typeof json === "object" && json !== null && typeof (json as { message?: unknown }).message === "string") return (json as { message: string }).message;
    if (error instanceof Error) return error.message.split("\n")[0] ?? error.message;
  }
  return String(error);
}

/**
 * Any dockerode failure as the error callers get: `OFFLOAD_DOCKER_IMAGE_MISSING` when the image is
 * not on the host (offload never pulls), else `OFFLOAD_PROVIDER_API` naming the host and the step.
 * Docker's messages name containers and images, never the secrets we wrote into them.
 */
export function describeDockerFailure(error: unknown, op: string, host: string, image?: string): OffloadError {
  if (error instanceof OffloadError) return error;
  const message = dockerMessageOf(error);
  if (op === "create" && dockerStatusOf(error) === 404 && image !== undefined) {
    return new OffloadError("OFFLOAD_DOCKER_IMAGE_MISSING", `Runner image '${image}' on Docker host '${host}': expected it to be there already (${message})`, { cause: error });
  }
  return new OffloadError("OFFLOAD_PROVIDER_API", `Docker ${op} failed on host '${host}': ${message}`, {
    cause: error,
    remedy: `Check that the Docker engine of '${host}' is running and reachable (docker -H <url> info), then retry.`,
  });
}
