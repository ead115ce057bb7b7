import type { V1Job } from "@kubernetes/client-node";
import { OffloadError } from "../../errors/offload-error.js";
import type { LaunchSpec } from "../provider.js";
import { buildRunnerJob } from "./build-runner-job.js";
import { buildRunnerSecret } from "./build-runner-secret.js";
import { kubernetesStatusOf } from "./kubernetes-api-error.js";
import type { KubernetesContext } from "./kubernetes-context.js";
import { buildKubernetesLabels, DISPATCHER_LABEL, jobNameFor, RUNNER_NAME_ANNOTATION, sanitiseLabelValue } from "./kubernetes-labels.js";
import { resolveKubernetesProfile } from "./resolve-kubernetes-profile.js";

/**
 * Creates the runner's Job, then its Secret owned by the Job (the owner reference needs the Job's
 * uid, and the pod waits for the Secret's volume, so the order costs nothing). The Job's name comes
 * from the runner name, so a repeated launch (a retry after a lost answer, a second replica) meets
 * 409 and adopts the Job it finds, if it is ours and for the same runner. If the Secret cannot be
 * made, the Job is deleted again: a pod without its JIT config would wait forever.
 */
export async function launchKubernetesJob(context: KubernetesContext, spec: LaunchSpec, defaultCommand: readonly string[]): Promise<{ id: string }> {
  const name = jobNameFor(spec.runnerName);
  const secretName = `${name}-secrets`;
  const labels = buildKubernetesLabels(spec.tags, context.dispatcherId, spec.runnerName);
  const body = buildRunnerJob(spec, {
    name,
    namespace: context.namespace,
    labels,
    profile: resolveKubernetesProfile(spec.flavor, context.defaults, context.flavors),
    secretName,
    ttlSecondsAfterFinished: context.ttlSecondsAfterFinished,
    command: spec.command.length > 0 ? spec.command : defaultCommand,
    serviceAccountName: context.serviceAccountName,
    imagePullSecrets: context.imagePullSecrets,
  });
  const job = await createOrAdopt(context, body, spec.runnerName);
  const uid = job.metadata?.uid;
  if (uid === undefined) throw new OffloadError("OFFLOAD_PROVIDER_API", `Kubernetes create job '${name}' in namespace '${context.namespace}' answered without a uid: expected the created Job`);
  const secret = buildRunnerSecret({ name: secretName, namespace: context.namespace, labels, job: { name, uid }, secrets: spec.secrets });
  try {
    await context.call("create secret", () => context.core.createNamespacedSecret({ namespace: context.namespace, body: secret }));
  } catch (error) {
    // An adopted Job may already have its Secret.
    if (kubernetesStatusOf(error) !== 409) {
      await context.call("delete job", () => context.batch.deleteNamespacedJob({ name, namespace: context.namespace, propagationPolicy: "Background" })).catch(() => undefined);
      throw error;
    }
  }
  context.log.debug({ computeId: name, runner: spec.runnerName }, "Kubernetes Job created");
  return { id: name };
}

async function createOrAdopt(context: KubernetesContext, body: V1Job, runnerName: string): Promise<V1Job> {
  const name = body.metadata?.name ?? "";
  try {
    return await context.call("create job", () => context.batch.createNamespacedJob({ namespace: context.namespace, body }));
  } catch (error) {
    if (kubernetesStatusOf(error) !== 409) throw error;
    const existing = await context.call("read job", () => context.batch.readNamespacedJob({ name, namespace: context.namespace }));
    const ours = existing.metadata?.labels?.[DISPATCHER_LABEL] === sanitiseLabelValue(context.dispatcherId) && existing.metadata?.annotations?.[RUNNER_NAME_ANNOTATION] === runnerName;
    if (!ours || existing.metadata?.deletionTimestamp !== undefined) throw error;
    context.log.info({ computeId: name, runner: runnerName }, "Kubernetes Job already existed; adopted");
    return existing;
  }
}
