import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import { OffloadError } from "../../errors/offload-error.js";
import { isTerminalComputeState, type ComputeStatus, type Provider } from "../provider.js";
import { buildLocalEnv } from "./build-local-env.js";
import { followLocalOutput } from "./follow-local-output.js";
import { createLocalGpuSlots, gpuEnvironment } from "./local-gpu-slots.js";
import { startLocalMachine, type LocalMachine } from "./start-local-machine.js";

/** How the local provider runs its machines. */
export interface LocalProviderOptions {
  /** Run for every launch (the spec's image and command are ignored); e.g. the simulated runner. */
  readonly command: readonly string[];
  readonly dispatcherId: string;
  readonly cwd?: string;
  readonly log?: Logger;
  /**
   * The only variables children inherit; build it with `pickSafeBaseEnv(process.env)` in the CLI.
   * Default: a standard PATH and nothing else.
   */
  readonly baseEnv?: Readonly<Record<string, string>>;
  /** Between SIGTERM and SIGKILL when stopping a machine; default 10 s. */
  readonly killGraceMs?: number;
  /** Output lines kept per machine for `logs`; default 2000. */
  readonly outputLines?: number;
  /** Finished machines remembered for inspect; default 500. */
  readonly keepFinished?: number;
  /** This server's GPU ids (offload.yaml `localGpus`); each runner gets its own, never shared. */
  readonly gpus?: readonly string[];
  /** GPUs a runner of `flavor` (its rule's name) gets; default none. */
  readonly gpusForFlavor?: (flavor: string) => number;
}

/**
 * The `local` provider: each machine is a child process of the dispatcher, in its own process
 * group. Its table lives in memory only: after a dispatcher restart `listOurs` returns nothing
 * and `inspect` answers `gone`, so the reconciler treats those runners as lost. Children that
 * outlived the old dispatcher are not found again; they end at their own timeout.
 */
export function createLocalProvider(options: LocalProviderOptions): Provider {
  if (options.command.length === 0) {
    throw new OffloadError("OFFLOAD_CONFIG_INVALID", "Local runner command '' in OFFLOAD_LOCAL_RUNNER_COMMAND: expected a command and its arguments");
  }
  const log = (options.log ?? pino({ enabled: false })).child({ provider: "local", dispatcher: options.dispatcherId });
  const machines = new Map<string, LocalMachine>();
  const keepFinished = options.keepFinished ?? 500;
  const slots = options.gpus === undefined || options.gpus.length === 0 ? null : createLocalGpuSlots(options.gpus);

  const forget = (): void => {
    const finished = [...machines.values()].filter((m) => m.finished());
    for (const machine of finished.slice(0, Math.max(0, finished.length - keepFinished))) machines.delete(machine.id);
  };

  return {
    name: "local",
    async launch(spec) {
      const id = `local-${randomUUID()}`;
      const gpus = slots?.take(spec.runnerName, options.gpusForFlavor?.(spec.flavor) ?? 0) ?? null;
      try {
        const machine = await startLocalMachine({
          id,
          runnerName: spec.runnerName,
          command: options.command,
          env: { ...buildLocalEnv(options.baseEnv ?? {}, spec), ...(gpus === null ? {} : gpuEnvironment(gpus)) },
          cwd: options.cwd,
          timeoutSeconds: spec.timeoutSeconds,
          killGraceMs: options.killGraceMs ?? 10_000,
          outputLines: options.outputLines ?? 2_000,
          now: () => new Date().toISOString(),
          log,
        });
        forget();
        machines.set(id, machine);
        if (gpus !== null) void machine.done.then(() => slots?.release(spec.runnerName));
        log.info({ computeId: id, runner: spec.runnerName }, "local machine started");
        return { id };
      } catch (error) {
        slots?.release(spec.runnerName);
        const reason = error instanceof Error ? error.message : String(error);
        throw new OffloadError("OFFLOAD_PROVIDER_API", `Local launch failed for command '${options.command[0] ?? ""}' in the local provider: ${reason}`, {
          cause: error,
          remedy: "Check the local runner command (OFFLOAD_LOCAL_RUNNER_COMMAND or localRunnerCommand in offload.yaml) exists and is executable.",
        });
      }
    },
    async inspect(id) {
      return machines.get(id)?.status() ?? goneStatus(id);
    },
    async cancel(id) {
      await machines.get(id)?.stop("cancel");
    },
    async listOurs() {
      return [...machines.values()].map((machine) => machine.status()).filter((status) => !isTerminalComputeState(status.state));
    },
    ...(slots === null ? {} : { capacity: async () => slots.capacity() }),
    logs(id, logOptions) {
      const machine = machines.get(id);
      return machine === undefined ? emptyLog() : followLocalOutput(machine, logOptions);
    },
  };
}

function goneStatus(id: string): ComputeStatus {
  return { id, runnerName: null, state: "gone", message: "not started by this dispatcher process", startedAt: null, finishedAt: null };
}

async function* emptyLog(): AsyncGenerator<never> {}
