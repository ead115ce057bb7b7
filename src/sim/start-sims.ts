import { fileURLToPath } from "node:url";
import { startGitHubSim, type GitHubSim, type GitHubSimOptions } from "./github/start-github-sim.js";
import { startHfJobsSim, type Executor, type HfJobsSim } from "./hf-jobs/start-hf-jobs-sim.js";
import { runSimulatedRunner } from "./runner/run-simulated-runner.js";

/**
 * The command the local provider runs to play a runner: the simulated runner as a child process,
 * compiled when this module is (dist/, `offload demo` from a build), else its source through tsx.
 */
export const SIMULATED_RUNNER_COMMAND: readonly string[] = import.meta.url.endsWith(".js")
  ? [process.execPath, fileURLToPath(new URL("./runner/main.js", import.meta.url))]
  : [process.execPath, "--import", "tsx", fileURLToPath(new URL("./runner/main.ts", import.meta.url))];

export interface SimsOptions {
  readonly github?: GitHubSimOptions;
  readonly hfLatencyMs?: number;
  readonly hfSchedulingDelayMs?: number;
  /** Wraps what an HF job's container does (the simulated runner), e.g. to fail a first boot. */
  readonly hfExecute?: (runner: Executor) => Executor;
  /** Repositories the App is installed on (one installation per owner). */
  readonly repos?: readonly string[];
}

export interface Sims {
  readonly github: GitHubSim;
  readonly hf: HfJobsSim;
  /** Installation id by owner. */
  readonly installations: ReadonlyMap<string, number>;
  /**
   * The dispatcher's environment for these simulators, as an operator would set it: the same
   * variable names as in production, pointing at loopback.
   */
  dispatcherEnv(input: { dataDir: string; provider?: "hf-jobs" | "local" | "docker"; port?: number; reconcileIntervalSeconds?: number; logLevel?: string }): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A simulated GitHub and a simulated HF Jobs, wired like the real ones: HF jobs run the simulated
 * runner with the JIT config the dispatcher put in the job's secrets, and that runner talks to
 * the simulated GitHub, which hands it any queued job its labels allow.
 */
export async function startSims(options: SimsOptions = {}): Promise<Sims> {
  const github = await startGitHubSim(options.github ?? {});
  const hf = await startHfJobsSim({
    ...(options.hfLatencyMs === undefined ? {} : { latencyMs: options.hfLatencyMs }),
    ...(options.hfSchedulingDelayMs === undefined ? {} : { schedulingDelayMs: options.hfSchedulingDelayMs }),
    execute: (options.hfExecute ?? ((runner: Executor) => runner))((job, io) => runSimulatedRunner({ jitConfig: job.secrets["ACTIONS_RUNNER_INPUT_JITCONFIG"] ?? "", log: io.log, signal: io.signal })),
  });
  const installations = new Map<string, number>();
  const byOwner = new Map<string, string[]>();
  for (const repo of options.repos ?? ["acme/app"]) {
    const owner = repo.split("/")[0] ?? repo;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), repo]);
  }
  for (const [owner, repos] of byOwner) {
    installations.set(owner, github.addInstallation({ account: owner, type: "Organization", repos }).installationId);
  }

  return {
    github,
    hf,
    installations,
    dispatcherEnv: (input) => ({
      GH_APP_ID: String(github.app.id),
      GH_APP_PRIVATE_KEY: github.app.privateKeyPem,
      GH_WEBHOOK_SECRET: github.app.webhookSecret,
      GITHUB_API_URL: github.url,
      HF_TOKEN: hf.token,
      HF_NAMESPACE: hf.namespace,
      HF_ENDPOINT: hf.url,
      OFFLOAD_DATA_DIR: input.dataDir,
      OFFLOAD_PROVIDER: input.provider ?? "hf-jobs",
      OFFLOAD_LOCAL_RUNNER_COMMAND: JSON.stringify(SIMULATED_RUNNER_COMMAND),
      OFFLOAD_RECONCILE_INTERVAL: String(input.reconcileIntervalSeconds ?? 1),
      PORT: String(input.port ?? 0),
      HOST: "127.0.0.1",
      LOG_LEVEL: input.logLevel ?? "silent",
    }),
    close: async () => {
      await hf.close();
      await github.close();
    },
  };
}
