import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { ISecret } from "kubernetes-models/v1/Secret";
import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { isOffloadError } from "../../../src/errors/offload-error.js";
import { createKubernetesProvider } from "../../../src/providers/kubernetes/create-kubernetes-provider.js";
import { loadKubeConfig } from "../../../src/providers/kubernetes/load-kube-config.js";
import { isTerminalComputeState, type LaunchSpec, type Provider } from "../../../src/providers/provider.js";
import type { KubernetesSim } from "../../../src/sim/kubernetes/start-kubernetes-sim.js";
import { pollUntil } from "../../support/provider-test-tools.js";
import { NAMESPACE, startKubeSubject } from "./kube-sim-subject.js";

const CANARY = "CANARY-k8s-jit-4c1d";

function spec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    runnerName: "offload-gpu-runner-1",
    flavor: "t4-small",
    image: "ghcr.io/acme/runner:gpu",
    command: [],
    env: { CONTRACT_BEHAVIOUR: "wait", OFFLOAD_RUNNER_NAME: "offload-gpu-runner-1" },
    secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret(CANARY) },
    timeoutSeconds: 3600,
    tags: { "offload-dispatcher": "contract", "offload-runner": "offload-gpu-runner-1", "offload-scope": "repo:octo/llama.cpp" },
    ...overrides,
  };
}

const GPU_PLACEMENT = {
  nodeSelector: { "nvidia.com/gpu.present": "true" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" as const, effect: "NoSchedule" as const }],
  runtimeClassName: "nvidia",
};

describe("kubernetes provider", () => {
  let sim: KubernetesSim | undefined;
  let provider: Provider;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const start = async (...args: Parameters<typeof startKubeSubject>): Promise<void> => {
    ({ sim, provider } = await startKubeSubject(...args));
  };
  const jobs = (): IJob[] => (sim?.objects("jobs", NAMESPACE) ?? []) as unknown as IJob[];

  it("creates a Job labelled as ours with the flavor's resources, node selector, tolerations and runtime class", async () => {
    await start({}, { flavors: { "t4-small": GPU_PLACEMENT }, ttlSecondsAfterFinished: 900 });
    const { id } = await provider.launch(spec());
    const [job] = jobs();
    expect(job?.metadata?.name).toBe(id);
    expect(job?.metadata?.labels).toMatchObject({ "offload.dev/dispatcher": "contract", "offload.dev/runner": "offload-gpu-runner-1", "offload.dev/scope": "repo_octo_llama.cpp" });
    expect(job?.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 900, activeDeadlineSeconds: 3600 });
    const pod = job?.spec?.template.spec;
    expect(pod).toMatchObject({ ...GPU_PLACEMENT, restartPolicy: "Never", automountServiceAccountToken: false });
    // t4-small on HF: 4 vCPU, 15 GB, one T4.
    expect(pod?.containers[0]?.resources).toEqual({ requests: { cpu: "4", memory: "15Gi" }, limits: { cpu: "4", memory: "15Gi", "nvidia.com/gpu": "1" } });
  });

  it("keeps the JIT config out of the Job and pod specs: it is a file from a Secret the Job owns", async () => {
    await start();
    const { id } = await provider.launch(spec());
    await pollUntil(async () => ((await provider.inspect(id)).state === "running" ? true : undefined), "the runner pod to run");
    const [job] = jobs();
    const [secret] = (sim?.objects("secrets", NAMESPACE) ?? []) as unknown as ISecret[];
    expect(secret?.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: "Job", name: id, uid: job?.metadata?.uid, controller: true })]);
    expect(Buffer.from(secret?.data?.["ACTIONS_RUNNER_INPUT_JITCONFIG"] ?? "", "base64").toString()).toBe(CANARY);
    const container = job?.spec?.template.spec?.containers[0];
    expect(container?.env).toContainEqual({ name: "ACTIONS_RUNNER_INPUT_JITCONFIG_FILE", value: "/run/offload/secrets/ACTIONS_RUNNER_INPUT_JITCONFIG" });
    expect(JSON.stringify([sim?.objects("jobs"), sim?.objects("pods")])).not.toContain(CANARY);
    expect(JSON.stringify(container?.env)).not.toContain("secretKeyRef");
  });

  it("reports a pod no node can take as a boot failure with Kubernetes' reason, and stops its Job", async () => {
    const message = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    await start({ hold: () => ({ kind: "unschedulable", message }) }, { pendingTimeoutSeconds: 0 });
    const { id } = await provider.launch(spec());
    const status = await pollUntil(async () => {
      const current = await provider.inspect(id);
      return isTerminalComputeState(current.state) ? current : undefined;
    }, "the boot failure");
    expect(status.state).toBe("failed");
    expect(status.message).toContain(`Unschedulable: ${message}`);
    await pollUntil(() => (jobs().length === 0 && sim?.objects("pods").length === 0 && sim.objects("secrets").length === 0 ? true : undefined), "the Job, pod and Secret to be deleted");
    expect((await provider.inspect(id)).message).toContain("Insufficient nvidia.com/gpu");
  });

  // Regression: the reconciler inspects only compute that listOurs no longer shows, so a stuck
  // pod that listOurs kept listing as "starting" never became a boot failure.
  it("leaves a Job stuck past the pending timeout out of listOurs, so inspect tells the boot failure", async () => {
    await start({ hold: () => ({ kind: "image-pull", reason: "ErrImagePull", message: "manifest unknown" }) }, { pendingTimeoutSeconds: 0 });
    const { id } = await provider.launch(spec());
    await pollUntil(() => (sim?.objects("pods", NAMESPACE).some((pod) => JSON.stringify(pod["status"]).includes("ErrImagePull")) ? true : undefined), "the pull to fail");
    expect((await provider.listOurs()).map((status) => status.id)).not.toContain(id);
    expect(await provider.inspect(id)).toMatchObject({ state: "failed", message: expect.stringContaining("ErrImagePull: manifest unknown") });
  });

  it("shows an image pull back-off as the reason it waits, then as the failure once the pending timeout passes", async () => {
    const message = 'Back-off pulling image "ghcr.io/acme/runner:gpu"';
    await start({ hold: () => ({ kind: "image-pull", reason: "ImagePullBackOff", message }) }, { pendingTimeoutSeconds: 300 });
    const { id } = await provider.launch(spec());
    const waiting = await pollUntil(async () => {
      const current = await provider.inspect(id);
      return current.message === null ? undefined : current;
    }, "the pull back-off to show");
    expect(waiting).toMatchObject({ state: "starting", message: expect.stringContaining(`ImagePullBackOff: ${message}`) });
    const impatient = providerWithoutPatience(sim as KubernetesSim);
    expect(await impatient.inspect(id)).toMatchObject({ state: "failed", message: expect.stringContaining("ImagePullBackOff") });
  });

  it("cancels by deleting the Job in the foreground; the garbage collector takes its pod and Secret", async () => {
    await start();
    const { id } = await provider.launch(spec());
    await pollUntil(async () => ((await provider.inspect(id)).state === "running" ? true : undefined), "the runner pod to run");
    await provider.cancel(id);
    expect(sim?.calls.some((c) => c.method === "DELETE" && c.path.endsWith(`/jobs/${id}`) && c.query.includes("propagationPolicy=Foreground"))).toBe(true);
    await pollUntil(() => (jobs().length === 0 && sim?.objects("pods").length === 0 && sim.objects("secrets").length === 0 ? true : undefined), "everything to be deleted");
    expect((await provider.inspect(id)).state).toBe("cancelled");
  });

  it("adopts its own Job when the same runner is launched twice", async () => {
    await start();
    const first = await provider.launch(spec());
    const second = await provider.launch(spec());
    expect(second.id).toBe(first.id);
    expect(jobs()).toHaveLength(1);
    expect(sim?.objects("secrets")).toHaveLength(1);
  });

  it("fails a launch the API server refuses as invalid with its reason, and leaves nothing behind", async () => {
    await start({}, { flavors: { "t4-small": { tolerations: [{ key: "gpu", operator: "Exists", tolerationSeconds: 1.5 }] } } });
    const failure = await provider.launch(spec()).catch((error: unknown) => error);
    expect(isOffloadError(failure, "OFFLOAD_PROVIDER_API")).toBe(true);
    expect(String((failure as Error).message)).toMatch(/422 \(Job\.batch "offload-gpu-runner-1" is invalid: .*tolerationSeconds/);
    expect(jobs()).toHaveLength(0);
  });

  it("names a Job after its runner even when the runner name is not a valid Kubernetes name", async () => {
    await start();
    const { id } = await provider.launch(spec({ runnerName: "Offload_Runner.With.Dots-and-a-very-long-name-that-goes-on-past-sixty-three-characters" }));
    expect(id).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(id.length).toBeLessThanOrEqual(63);
    expect((await provider.listOurs()).find((status) => status.id === id)?.runnerName).toBe("Offload_Runner.With.Dots-and-a-very-long-name-that-goes-on-past-sixty-three-characters");
  });
});

/** A second dispatcher's provider on the same cluster that takes any stuck pod as failed at once. */
function providerWithoutPatience(sim: KubernetesSim): Provider {
  return createKubernetesProvider({ kubeConfig: loadKubeConfig({ kubeconfigText: sim.kubeconfig(NAMESPACE) }), namespace: NAMESPACE, dispatcherId: "contract", pendingTimeoutSeconds: 0 });
}
