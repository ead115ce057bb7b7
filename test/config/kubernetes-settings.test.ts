import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";

const YAML = `
provider: kubernetes
kubernetes:
  namespace: gpu-runners
  context: lab
  ttlAfterFinished: 30m
  pendingTimeout: 2m
  defaults:
    tolerations:
      - { key: dedicated, operator: Equal, value: ci, effect: NoSchedule }
  flavors:
    a10g-small:
      gpus: 1
      nodeSelector: { nvidia.com/gpu.product: NVIDIA-A10G }
      runtimeClassName: nvidia
`;

/** offload.yaml at /etc/offload.yaml and no other file (no stored setup credentials). */
function onlyConfigFile(text: string): (path: string) => string {
  return (path) => {
    if (path === "/etc/offload.yaml") return text;
    throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  };
}

describe("kubernetes settings", () => {
  it("reads the kubernetes section of offload.yaml, with the environment winning", () => {
    const { config, problems } = loadConfig({ OFFLOAD_CONFIG: "/etc/offload.yaml", OFFLOAD_KUBERNETES_NAMESPACE: "override" }, { readFile: onlyConfigFile(YAML) });
    expect(problems).toEqual([]);
    expect(config.provider).toBe("kubernetes");
    expect(config.kubernetes).toMatchObject({
      namespace: "override",
      context: "lab",
      ttlSecondsAfterFinished: 1800,
      pendingTimeoutSeconds: 120,
      defaults: { tolerations: [{ key: "dedicated", operator: "Equal", value: "ci", effect: "NoSchedule" }] },
      flavors: { "a10g-small": { gpus: 1, nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-A10G" }, runtimeClassName: "nvidia" } },
    });
  });

  it("defaults to the offload-runners namespace and the client's kubeconfig search", () => {
    const { config } = loadConfig({});
    expect(config.kubernetes).toMatchObject({ namespace: "offload-runners", kubeconfigPath: null, inCluster: false, ttlSecondsAfterFinished: 600, pendingTimeoutSeconds: 300 });
  });

  it("reports an unknown profile field and a bad quantity, naming where they are", () => {
    const { problems } = loadConfig({ OFFLOAD_CONFIG: "/etc/offload.yaml" }, { readFile: onlyConfigFile("kubernetes:\n  flavors:\n    t4-small: { cpu: lots, gpu: 1 }\n") });
    const settings = problems.map((problem) => problem.setting);
    expect(settings).toEqual(expect.arrayContaining(["offload.yaml: kubernetes.flavors.t4-small.cpu", "offload.yaml: kubernetes.flavors.t4-small.gpu"]));
  });
});
