import type { Secret } from "../config/secret.js";
import type { ProviderCapacity } from "./placement/host-capacity.js";

/** What to start: one machine that boots one ephemeral runner. */
export interface LaunchSpec {
  /** The runner's registration name; unique, also used to find the compute again. */
  readonly runnerName: string;
  /** A machine type from the provider's catalogue (e.g. `t4-small`). */
  readonly flavor: string;
  /** Container image reference (ignored by providers that run no containers). */
  readonly image: string;
  /** Command to run; providers that run no containers use their own configured command. */
  readonly command: readonly string[];
  /** Plain environment: nothing secret may go here. */
  readonly env: Readonly<Record<string, string>>;
  /** Secret environment (e.g. ACTIONS_RUNNER_INPUT_JITCONFIG), handed over through the provider's secret channel. */
  readonly secrets: Readonly<Record<string, Secret>>;
  /** Hard wall-clock limit after which the provider stops the machine. */
  readonly timeoutSeconds: number;
  /**
   * Tags that identify the compute as ours (dispatcher id, runner name, repository). Values are
   * free text; each provider sanitises them to what its backend accepts.
   */
  readonly tags: Readonly<Record<string, string>>;
}

/** Lifecycle of one machine, in our words. */
export const COMPUTE_STATES = ["starting", "running", "succeeded", "failed", "cancelled", "gone"] as const;
export type ComputeState = (typeof COMPUTE_STATES)[number];

export function isTerminalComputeState(state: ComputeState): boolean {
  return state === "succeeded" || state === "failed" || state === "cancelled" || state === "gone";
}

export interface ComputeStatus {
  /** The provider's own id for the machine. */
  readonly id: string;
  /** The runner name it was launched for (read back from its tags), when known. */
  readonly runnerName: string | null;
  readonly state: ComputeState;
  /** A human reason from the backend (e.g. an error message), never a secret. */
  readonly message: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface LogLine {
  readonly at: string;
  readonly text: string;
}

/**
 * A compute backend. Small on purpose: a new backend implements these and never touches the
 * reconciler. Every failure is an `OffloadError` with code `OFFLOAD_PROVIDER_API`.
 */
export interface Provider {
  /** Registry name (`hf-jobs`, `docker`, `kubernetes`, `local`). */
  readonly name: string;
  /** Starts the machine and returns its id. */
  launch(spec: LaunchSpec): Promise<{ id: string }>;
  /** Current state of one machine; state `gone` when the backend no longer knows it. */
  inspect(id: string): Promise<ComputeStatus>;
  /** Stops the machine; stopping one already stopped is not an error. */
  cancel(id: string): Promise<void>;
  /**
   * Every machine carrying this dispatcher's tags that has not ended (starting or running). Ended
   * machines are asked for one by one with `inspect`: a backend's history of finished machines
   * grows without bound, and listing it on every pass grew with it.
   */
  listOurs(): Promise<ComputeStatus[]>;
  /** The machine's output, line by line; with `follow` until it ends or `signal` aborts. */
  logs?(id: string, options: { follow: boolean; signal?: AbortSignal }): AsyncIterable<LogLine>;
  /**
   * Backends that own hosts (docker, local with GPUs): each host's free GPUs and runner slots and
   * whether it is up, for the launch planner's placement (`placeRunners`). A launch that does not
   * fit fails with `OFFLOAD_PROVIDER_CAPACITY`, which means "wait", not "back off".
   */
  capacity?(): Promise<ProviderCapacity>;
}
