import { parseComputeId, rememberEnding, type DockerContext } from "./docker-context.js";
import { describeDockerFailure, dockerStatusOf } from "./describe-docker-failure.js";

/**
 * Stops the container (SIGTERM, SIGKILL after the grace period) and removes it, freeing its GPUs.
 * Cancelling one that is gone or already stopped is not an error. Docker forgets a removed
 * container, so how it ended is remembered here for inspect.
 */
export async function cancelContainer(context: DockerContext, id: string): Promise<void> {
  const target = parseComputeId(context, id);
  if (target === null) return;
  const container = target.host.docker.getContainer(target.containerId);
  const host = target.host.options.name;
  let runnerName: string | null;
  try {
    const info = await container.inspect();
    runnerName = info.Config.Labels["offload.runner"] ?? null;
    if (info.State.Running || info.State.Status === "created") {
      await container.stop({ t: context.stopGraceSeconds }).catch((error: unknown) => {
        if (dockerStatusOf(error) !== 304 && dockerStatusOf(error) !== 404) throw error;
      });
      if (!context.endings.has(id)) rememberEnding(context, id, { state: "cancelled", message: "cancelled", at: new Date(context.clock.now()).toISOString() });
    }
    await container.remove({ force: true });
  } catch (error) {
    if (dockerStatusOf(error) === 404) return;
    throw describeDockerFailure(error, "cancel", host);
  }
  context.log.info({ computeId: id, runner: runnerName }, "runner container removed");
}
