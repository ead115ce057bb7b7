/** One GPU of a host, as the dispatcher allocates it. */
export interface GpuDevice {
  /** What device requests and NVIDIA_VISIBLE_DEVICES name it by: the index `nvidia-smi -L` prints (`0`, `1`, ...). */
  readonly id: string;
  /** `GPU-...` when known; stable across reboots, shown to people. */
  readonly uuid: string | null;
  /** e.g. `NVIDIA A100-SXM4-80GB`. */
  readonly model: string | null;
}
