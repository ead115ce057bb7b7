import type { Logger } from "pino";
import type { Clock } from "../../clock/clock.js";
import type { GpuDevice } from "../gpu-slots/gpu-device.js";
import type { RunProgram } from "../gpu-slots/read-gpu-inventory.js";

/** One Docker engine the provider starts runners on. */
export interface DockerHostOptions {
  /** Short name shown to people and kept in compute ids (`lab-1`): letters, digits, `.`, `_`, `-`. */
  readonly name: string;
  /** `unix:///var/run/docker.sock`, `tcp://host:2376` (TLS when `tls` is given) or `ssh://user@host[:port]`. */
  readonly url: string;
  /** Client certificate for `tcp://` (the daemon's `--tlsverify`): PEM texts, read by the caller. */
  readonly tls?: { readonly ca: string; readonly cert: string; readonly key: string };
  /** The host's GPUs; null: ask `nvidia-smi -L` on this machine (only for a local socket), else none. */
  readonly gpus: readonly GpuDevice[] | null;
  /** Runners at once on this host whatever their GPUs; null: no limit. */
  readonly maxRunners: number | null;
}

/** What a label rule asks of a Docker host: the provider's "flavor". */
export interface DockerFlavor {
  /** Pins the image for this rule; null: the launch spec's image. */
  readonly image: string | null;
  /** CPU limit (NanoCpus), e.g. 4 or 0.5; null: no limit. */
  readonly cpus: number | null;
  /** Memory limit in MiB; null: no limit. */
  readonly memoryMb: number | null;
  /** GPUs each runner gets, exactly. */
  readonly gpus: number;
  /** Hosts the rule may use; null: any. */
  readonly hosts: readonly string[] | null;
}

export interface DockerProviderOptions {
  readonly hosts: readonly DockerHostOptions[];
  /** Rule name → what it asks for. A spec whose flavor is not here uses `defaultFlavor`, or is refused. */
  readonly flavors: ReadonlyMap<string, DockerFlavor>;
  readonly defaultFlavor?: DockerFlavor;
  /** Becomes the `offload.dispatcher` label; only containers carrying it are ever listed or touched. */
  readonly dispatcherId: string;
  /** Runs instead of the spec's command (a test image's stand-in runner). */
  readonly command?: readonly string[];
  /** Host paths mounted into every runner (`/usr:/usr:ro`); the demo runs the host's Node.js this way. */
  readonly binds?: readonly string[];
  /** The runner's working directory; default: the image's. */
  readonly workingDir?: string;
  /** Default `host`: runners reach GitHub as the host does; no bridge, no port mapping. */
  readonly networkMode?: string;
  /**
   * Default true: GPUs are handed over as NVIDIA device requests. A daemon without the NVIDIA
   * runtime refuses to *start* such a container, so tests with a stand-in inventory turn this off:
   * the container then gets only NVIDIA_VISIBLE_DEVICES and the labels, which is all the
   * allocation needs to be checked.
   */
  readonly deviceRequests?: boolean;
  /** Between SIGTERM and SIGKILL on cancel; default 10 s. */
  readonly stopGraceSeconds?: number;
  /** Ended containers are kept this long for inspect and logs, then removed; default 1 h. */
  readonly keepEndedSeconds?: number;
  /** Owner of the secret files inside the container; default root (0:0), read by the entrypoint with sudo when it is not root. */
  readonly secretFileOwner?: { readonly uid: number; readonly gid: number };
  /** `SSH_AUTH_SOCK` for `ssh://` hosts; the composition root passes it. */
  readonly sshAgentSocket?: string;
  /** Runs `nvidia-smi -L`; tests put a stand-in on the PATH it uses. */
  readonly runProgram?: RunProgram;
  readonly log?: Logger;
  readonly clock?: Clock;
}
