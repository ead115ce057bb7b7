import type Docker from "dockerode";
import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { Placement } from "../placement/host-capacity.js";
import type { ComputeState } from "../provider.js";
import type { DockerFlavor, DockerHostOptions } from "./docker-options.js";

/** One engine and its GPU inventory (read once, on first use). */
export interface DockerHost {
  readonly options: DockerHostOptions;
  readonly docker: Docker;
  inventory(): Promise<readonly string[]>;
}

/** How a machine ended when Docker can no longer say (removed on cancel) or says it too vaguely (timed out). */
export interface Ending {
  readonly state: ComputeState;
  readonly message: string;
  readonly at: string;
}

/** Everything one Docker operation needs. */
export interface DockerContext {
  readonly hosts: ReadonlyMap<string, DockerHost>;
  readonly dispatcherId: string;
  readonly flavors: ReadonlyMap<string, DockerFlavor>;
  readonly defaultFlavor: DockerFlavor | null;
  readonly command: readonly string[] | null;
  readonly defaultCommand: () => readonly string[];
  readonly networkMode: string;
  readonly binds: readonly string[];
  readonly workingDir: string | null;
  readonly deviceRequests: boolean;
  readonly stopGraceSeconds: number;
  readonly keepEndedSeconds: number;
  readonly secretFileOwner: { readonly uid: number; readonly gid: number };
  readonly log: Logger;
  readonly clock: Clock;
  /** Endings by compute id, the newest 500. */
  readonly endings: Map<string, Ending>;
  /** Placements of launches between "placed" and "container created": they hold their GPUs already. */
  readonly pending: Map<string, Placement>;
  /** When each host's ended containers were last swept (ms). */
  readonly lastSweep: Map<string, number>;
  /** Runs `task` after every earlier one: placement reads and reserves capacity as one step. */
  serial<T>(task: () => Promise<T>): Promise<T>;
}

const KEEP_ENDINGS = 500;

export function rememberEnding(context: DockerContext, id: string, ending: Ending): void {
  context.endings.delete(id);
  context.endings.set(id, ending);
  for (const oldest of context.endings.keys()) {
    if (context.endings.size <= KEEP_ENDINGS) break;
    context.endings.delete(oldest);
  }
}

/** Compute ids are `<host>/<container id>`: the host is needed to reach the container again. */
export function computeIdOf(host: string, containerId: string): string {
  return `${host}/${containerId}`;
}

export function parseComputeId(context: DockerContext, id: string): { host: DockerHost; containerId: string } | null {
  const slash = id.indexOf("/");
  if (slash <= 0) return null;
  const host = context.hosts.get(id.slice(0, slash));
  const containerId = id.slice(slash + 1);
  return host === undefined || containerId === "" ? null : { host, containerId };
}

/** A chain of promises: each task starts when the one before it settled. */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
