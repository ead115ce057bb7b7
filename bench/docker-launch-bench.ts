import { Secret } from "../src/config/secret.js";
import { createDockerProvider } from "../src/providers/docker/create-docker-provider.js";
import type { LogLine } from "../src/providers/provider.js";
import { importBusyboxImage, startDockerEngine } from "../test/support/docker-engine.js";

const ONLINE_RUNNER = `#!/bin/sh
config="$(cat "$ACTIONS_RUNNER_INPUT_JITCONFIG_FILE")"
[ -n "$config" ] && echo "runner online"
exit 0
`;

async function firstLine(lines: AsyncIterable<LogLine>, text: string): Promise<void> {
  for await (const line of lines) if (line.text === text) return;
  throw new Error(`no '${text}' line`);
}

/**
 * Launch-to-runner-online with the Docker provider on a local engine and a local image (busybox
 * plus a stand-in runner that reads its JIT file and says it is online): from `launch()` being
 * called to that line in the container's log. The engine is the benchmark's own (no bridge).
 */
export async function runDockerLaunchBench(options: { launches: number }): Promise<Record<string, unknown>> {
  const engine = await startDockerEngine();
  try {
    const image = await importBusyboxImage(engine, "offload-bench-runner:1", { "/runner.sh": ONLINE_RUNNER });
    const provider = createDockerProvider({
      hosts: [{ name: "bench", url: engine.url, gpus: [], maxRunners: null }],
      flavors: new Map(),
      defaultFlavor: { image, cpus: null, memoryMb: null, gpus: 0, hosts: null },
      dispatcherId: "bench",
      command: ["/bin/sh", "/runner.sh"],
    });
    const launchMs: number[] = [];
    const onlineMs: number[] = [];
    for (let index = 0; index < options.launches; index += 1) {
      const started = performance.now();
      const { id } = await provider.launch({
        runnerName: `bench-${index}`,
        flavor: "bench",
        image,
        command: [],
        env: {},
        secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret("eyJiZW5jaCI6dHJ1ZX0=") },
        timeoutSeconds: 60,
        tags: {},
      });
      launchMs.push(performance.now() - started);
      const logs = provider.logs;
      if (logs === undefined) throw new Error("the Docker provider streams logs");
      await firstLine(logs(id, { follow: true }), "runner online");
      onlineMs.push(performance.now() - started);
      await provider.cancel(id);
    }
    const stats = (samples: number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return { p50: Number((sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1)), max: Number((sorted[sorted.length - 1] ?? 0).toFixed(1)) };
    };
    return { launches: options.launches, launchCallMs: stats(launchMs), launchToRunnerOnlineMs: stats(onlineMs), note: "measured on a shared 2-core machine under load from other work" };
  } finally {
    await engine.stop();
  }
}
