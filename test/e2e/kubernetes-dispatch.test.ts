import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startDispatcher, type Dispatcher } from "../../src/app/start-dispatcher.js";
import { loadConfig } from "../../src/config/load-config.js";
import { startGitHubSim, type GitHubSim } from "../../src/sim/github/start-github-sim.js";
import { startKubernetesSim, type KubernetesSim, type KubernetesSimOptions } from "../../src/sim/kubernetes/start-kubernetes-sim.js";
import { runSimulatedRunner } from "../../src/sim/runner/run-simulated-runner.js";
import { waitUntil } from "../support/wait-until.js";

const NAMESPACE = "offload-runners";

describe("dispatch to Kubernetes over the simulators", () => {
  let github: GitHubSim | undefined;
  let kube: KubernetesSim | undefined;
  let dispatcher: Dispatcher | undefined;
  let dir = "";

  afterEach(async () => {
    github?.setWebhookTarget(null);
    await dispatcher?.stop();
    await kube?.close();
    await github?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The GitHub simulator, the Kubernetes stand-in and `offload serve`'s dispatcher configured as an operator would. */
  const startStack = async (options: { hold?: KubernetesSimOptions["hold"]; kubernetesJson?: string } = {}): Promise<{ github: GitHubSim; kube: KubernetesSim; dispatcher: Dispatcher }> => {
    const gh = await startGitHubSim({});
    github = gh;
    gh.addInstallation({ account: "acme", type: "Organization", repos: ["acme/app"] });
    // The pod plays actions/runner with the JIT config from the file the Job mounts, as runner/entrypoint.sh reads it.
    const k = await startKubernetesSim({
      execute: (run, io) => runSimulatedRunner({ jitConfig: run.files[run.env["ACTIONS_RUNNER_INPUT_JITCONFIG_FILE"] ?? ""] ?? "", log: io.log, signal: io.signal }),
      ...(options.hold === undefined ? {} : { hold: options.hold }),
    });
    kube = k;
    dir = mkdtempSync(join(tmpdir(), "offload-e2e-kube-"));
    writeFileSync(join(dir, "kubeconfig"), k.kubeconfig(NAMESPACE));
    const { config, problems } = loadConfig({
      GH_APP_ID: String(gh.app.id),
      GH_APP_PRIVATE_KEY: gh.app.privateKeyPem,
      GH_WEBHOOK_SECRET: gh.app.webhookSecret,
      GITHUB_API_URL: gh.url,
      OFFLOAD_PROVIDER: "kubernetes",
      KUBECONFIG: join(dir, "kubeconfig"),
      OFFLOAD_KUBERNETES_NAMESPACE: NAMESPACE,
      ...(options.kubernetesJson === undefined ? {} : { OFFLOAD_KUBERNETES: options.kubernetesJson }),
      OFFLOAD_DATA_DIR: join(dir, "data"),
      OFFLOAD_RECONCILE_INTERVAL: "1",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
    });
    expect(problems).toEqual([]);
    expect(config.missing).toEqual([]);
    const d = await startDispatcher({ config, log: pino({ level: "silent" }), baseEnv: { PATH: "/usr/bin:/bin", HOME: dir } });
    dispatcher = d;
    gh.setWebhookTarget(`${d.url}/webhook`);
    return { github: gh, kube: k, dispatcher: d };
  };

  it("runs a job labelled hf-jobs-t4-small as a Kubernetes Job whose runner reads its JIT config from the mounted Secret", async () => {
    const { github, kube } = await startStack();
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-t4-small"], name: "gpu tests" });
    await github.waitForAllJobsCompleted(30_000);

    const done = github.job(job.id);
    expect(done).toMatchObject({ status: "completed", conclusion: "success" });
    const jobs = kube.objects("jobs", NAMESPACE) as unknown as IJob[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.metadata?.annotations?.["offload.dev/runner-name"]).toBe(done?.runnerName);
    const container = jobs[0]?.spec?.template.spec?.containers[0];
    expect(container?.resources?.limits?.["nvidia.com/gpu"]).toBe("1");
    expect(container?.env?.map((e) => e.name)).not.toContain("ACTIONS_RUNNER_INPUT_JITCONFIG");
    expect(github.violations).toEqual([]);
  });

  it("puts Kubernetes' own reason on the job page when no node can take the runner's pod", async () => {
    const message = "0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.";
    const { github, kube, dispatcher } = await startStack({ hold: () => ({ kind: "unschedulable", message }), kubernetesJson: JSON.stringify({ pendingTimeout: 1 }) });
    const job = github.queueJob({ repo: "acme/app", labels: ["hf-jobs-a100-large"], name: "needs a GPU" });
    const noted = await waitUntil("the boot failure on the job page", async () => {
      const events = (await dispatcher.ledger?.jobEvents(job.id)) ?? [];
      return events.find((event) => event.kind === "runner:failed");
    });
    expect(noted.detail).toContain(`Unschedulable: ${message}`);
    // The stuck Job is deleted, not left Pending.
    await waitUntil("the stuck Job to be deleted", () => kube.objects("jobs", NAMESPACE).every((j) => j.metadata.deletionTimestamp !== undefined) || undefined);
  });
});
