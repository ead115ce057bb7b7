import type { Clock } from "../../clock/clock.js";
import type { KubeObject } from "./kube-object.js";
import type { KubeStore } from "./kube-store.js";
import type { PodLog } from "./pod-logs.js";

/** What one container gets to run with, as the kubelet would start it. */
export interface SimContainerRun {
  readonly namespace: string;
  readonly pod: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  /** The container's environment: literal values, and `secretKeyRef`s resolved as the kubelet does. */
  readonly env: Readonly<Record<string, string>>;
  /** Files of the secret volumes, by absolute path inside the container. */
  readonly files: Readonly<Record<string, string>>;
}

/** "The container": logs through `io.log`, returns its exit code, stops when `io.signal` aborts. */
export type KubeExecutor = (run: SimContainerRun, io: { log(line: string): void; signal: AbortSignal }) => Promise<number>;

/** Why a pod stays Pending, as a test asks for it (no node fits; the image cannot be pulled). */
export type PendingHold =
  | { readonly kind: "unschedulable"; readonly message: string }
  | { readonly kind: "image-pull"; readonly reason: "ImagePullBackOff" | "ErrImagePull"; readonly message: string };

/** The shared state of the stand-in's controllers (job controller, kubelet, garbage collector). */
export interface SimCluster {
  readonly store: KubeStore;
  readonly clock: Clock;
  readonly executor: KubeExecutor;
  readonly hold: (pod: KubeObject) => PendingHold | null;
  /** Per pod (`namespace/name`): its log. */
  readonly logs: Map<string, PodLog>;
  /** Per running pod: aborts its container. */
  readonly containers: Map<string, { abort: AbortController; done: Promise<void> }>;
  /** Aborted on close: every timer and wait of the controllers. */
  readonly closing: AbortController;
}

export const defaultKubeExecutor: KubeExecutor = async (run, io) => {
  io.log(`hello from ${run.image}`);
  return 0;
};

export function podKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Resolves when `check` holds after some store change, or rejects when `signal` aborts. */
export function waitForStore(cluster: SimCluster, check: () => boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const onChange = (): void => {
      if (!check()) return;
      cleanup();
      resolve();
    };
    const onAbort = (): void => {
      cleanup();
      reject(signal.reason);
    };
    const cleanup = (): void => {
      cluster.store.off("change", onChange);
      signal.removeEventListener("abort", onAbort);
    };
    if (signal.aborted) return reject(signal.reason);
    cluster.store.on("change", onChange);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
