import type { Logger } from "pino";
import { createKubernetesProvider, type KubernetesProviderOptions } from "../../../src/providers/kubernetes/create-kubernetes-provider.js";
import { loadKubeConfig } from "../../../src/providers/kubernetes/load-kube-config.js";
import type { Provider } from "../../../src/providers/provider.js";
import { startKubernetesSim, type KubeExecutor, type KubernetesSim, type KubernetesSimOptions } from "../../../src/sim/kubernetes/start-kubernetes-sim.js";
import { contractExecutor } from "../provider-contract.js";

export const NAMESPACE = "offload-runners";

/**
 * The contract's machine behaviour inside a simulated pod: the JIT config is read from the file
 * that ACTIONS_RUNNER_INPUT_JITCONFIG_FILE names, as runner/entrypoint.sh does, never from the
 * environment.
 */
export const fileReadingExecutor: KubeExecutor = (run, io) => {
  const path = run.env["ACTIONS_RUNNER_INPUT_JITCONFIG_FILE"] ?? "";
  const jit = run.files[path] ?? "";
  return contractExecutor({ id: run.pod, image: run.image, command: [...run.command], env: { ...run.env }, secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: jit }, flavor: "" }, io);
};

/** A stand-in API server and a provider pointed at it through a kubeconfig, as an operator would. */
export async function startKubeSubject(
  simOptions: KubernetesSimOptions = {},
  providerOptions: Partial<KubernetesProviderOptions> & { log?: Logger } = {},
): Promise<{ sim: KubernetesSim; provider: Provider }> {
  const sim = await startKubernetesSim({ execute: fileReadingExecutor, ...simOptions });
  const provider = createKubernetesProvider({
    kubeConfig: loadKubeConfig({ kubeconfigText: sim.kubeconfig(NAMESPACE) }),
    namespace: NAMESPACE,
    dispatcherId: "contract",
    backoff: { baseMs: 1, maxMs: 5, factor: 2, jitter: 0, maxRetries: 2, maxRetryAfterMs: 0 },
    ...providerOptions,
  });
  return { sim, provider };
}
