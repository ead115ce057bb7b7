import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import type { Provider } from "../../../src/providers/provider.js";
import type { KubernetesSim } from "../../../src/sim/kubernetes/start-kubernetes-sim.js";
import { pollUntil } from "../../support/provider-test-tools.js";
import { NAMESPACE, startKubeSubject } from "./kube-sim-subject.js";

const run = promisify(execFile);
const CANARY = "CANARY-kubectl-jit-77aa";

// Debian's kubectl (kubernetes-client, v1.32) pointed at the stand-in by a kubeconfig, as an
// operator would look at what offload created.
describe("kubectl against the Kubernetes stand-in", () => {
  let sim: KubernetesSim;
  let provider: Provider;
  let dir: string;
  let kubeconfig: string;

  beforeEach(async () => {
    ({ sim, provider } = await startKubeSubject());
    dir = await mkdtemp(join(tmpdir(), "offload-kubectl-"));
    kubeconfig = join(dir, "kubeconfig");
    await writeFile(kubeconfig, sim.kubeconfig(NAMESPACE));
  });

  afterEach(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const kubectl = async (...args: string[]): Promise<string> => (await run("kubectl", ["--kubeconfig", kubeconfig, ...args], { timeout: 20_000 })).stdout;

  it("lists, describes and shows the secrets of the Jobs offload created, with no JIT config in any pod spec", async () => {
    const { id } = await provider.launch({
      runnerName: "offload-kubectl-1",
      flavor: "cpu-basic",
      image: "ghcr.io/acme/runner:cpu",
      command: [],
      env: { CONTRACT_BEHAVIOUR: "wait" },
      secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret(CANARY) },
      timeoutSeconds: 600,
      tags: {},
    });
    await pollUntil(async () => ((await provider.inspect(id)).state === "running" ? true : undefined), "the runner pod to run");

    const listed = await kubectl("get", "jobs", "-n", NAMESPACE, "-l", "offload.dev/dispatcher=contract,offload.dev/runner=offload-kubectl-1");
    expect(listed).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE/);
    expect(listed).toMatch(new RegExp(`\\n${id}\\s+Running\\s+0/1`));
    expect(await kubectl("get", "jobs", "-n", NAMESPACE, "-l", "offload.dev/dispatcher=someone-else")).toBe("");

    const described = await kubectl("describe", "job", id, "-n", NAMESPACE);
    expect(described).toMatch(/Backoff Limit:\s+0/);
    expect(described).toContain("offload.dev/runner=offload-kubectl-1");
    expect(described).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG_FILE:");
    expect(described).toMatch(/Mounts:\s+\/run\/offload\/secrets from offload-secrets \(ro\)/);

    const secrets = await kubectl("get", "secret", "-n", NAMESPACE);
    expect(secrets).toMatch(new RegExp(`${id}-secrets\\s+Opaque\\s+1`));

    const pods = JSON.parse(await kubectl("get", "pods", "-n", NAMESPACE, "-l", `batch.kubernetes.io/job-name=${id}`, "-o", "json")) as { items: Array<{ spec: { containers: Array<{ env?: unknown[] }> } }> };
    expect(pods.items).toHaveLength(1);
    expect(JSON.stringify(pods.items.map((pod) => pod.spec))).not.toContain(CANARY);
    expect(JSON.stringify(pods.items[0]?.spec.containers[0]?.env)).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG_FILE");
    expect(described).not.toContain(CANARY);

    await provider.cancel(id);
  });
});
