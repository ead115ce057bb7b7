import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { isOffloadError } from "../../src/errors/offload-error.js";
import { createProvider, PROVIDER_NAMES, type ProviderDeps } from "../../src/providers/registry.js";

const config: ProviderDeps["config"] = {
  dispatcherId: "app-1",
  hf: { endpoint: "http://127.0.0.1:9", token: new Secret("t"), namespace: "ns" },
  local: { runnerCommand: ["true"] },
  kubernetes: {
    namespace: "offload-runners",
    kubeconfigPath: fileURLToPath(new URL("kubernetes/fixtures/kubeconfig.yaml", import.meta.url)),
    context: null,
    inCluster: false,
    ttlSecondsAfterFinished: 600,
    pendingTimeoutSeconds: 300,
    serviceAccountName: null,
    imagePullSecrets: [],
    defaults: {},
    flavors: {},
  },
};

describe("provider registry", () => {
  it("builds each known provider under its own name", () => {
    for (const name of PROVIDER_NAMES) expect(createProvider(name, { config }).name).toBe(name);
    expect(PROVIDER_NAMES).toEqual(["hf-jobs", "kubernetes", "local", "docker"]);
  });

  it("refuses an unknown provider, naming the known ones", () => {
    const attempt = (): unknown => createProvider("kubernetes-ish", { config });
    expect(attempt).toThrow("Unknown provider 'kubernetes-ish' in offload.yaml: expected one of hf-jobs, kubernetes, local, docker");
    try {
      attempt();
    } catch (error) {
      expect(isOffloadError(error, "OFFLOAD_PROVIDER_UNKNOWN")).toBe(true);
    }
  });

  it("asks for HF_TOKEN and HF_NAMESPACE before building hf-jobs without them", () => {
    const bare = { ...config, hf: { endpoint: "http://127.0.0.1:9", token: null, namespace: null } };
    expect(() => createProvider("hf-jobs", { config: bare })).toThrow("Provider 'hf-jobs' needs HF_TOKEN and HF_NAMESPACE");
    expect(createProvider("local", { config: bare }).name).toBe("local");
  });

  it("refuses to build kubernetes from a kubeconfig that cannot be read, naming the setting", () => {
    const broken = { ...config, kubernetes: { ...config.kubernetes!, kubeconfigPath: "/nonexistent/kubeconfig" } };
    expect(() => createProvider("kubernetes", { config: broken })).toThrow(/Kubernetes configuration from kubeconfig '\/nonexistent\/kubeconfig' could not be loaded/);
  });
});
