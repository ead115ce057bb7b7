import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createDemoDockerProvider, START_DOCKER_HINT } from "../sim/create-demo-docker-provider.js";
import { startSimStack } from "../sim/start-sim-stack.js";
import { DEMO_JOBS, printDemoTimeline } from "./print-demo-timeline.js";

/**
 * `offload demo`: the whole flow in seconds with no account. A simulated GitHub queues jobs on
 * several flavors, the real dispatcher records them and launches JIT runners on a simulated HF
 * Jobs (or as local processes), the simulated runners take jobs, and each job's timeline prints.
 */
export async function runDemo(options: { provider: string; logLevel: string }): Promise<void> {
  if (options.provider !== "hf-jobs" && options.provider !== "local" && options.provider !== "docker") {
    process.stderr.write(`unknown provider '${options.provider}' for --provider: expected hf-jobs, local or docker\n`);
    process.exit(2);
  }
  const docker = options.provider === "docker" ? await createDemoDockerProvider(process.env.DOCKER_HOST, "offload-demo") : undefined;
  if (docker === null) {
    process.stderr.write(`${START_DOCKER_HINT}\n`);
    process.exit(1);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "offload-demo-"));
  const log = pino({ level: options.logLevel }, pino.destination(2));
  const stack = await startSimStack({ dataDir, provider: options.provider, log, repos: ["acme/app"], ...(docker ? { providers: new Map([["docker", docker]]) } : {}) });
  const out = process.stdout;
  try {
    out.write(`GitHub simulator  ${stack.github.url}\nHF Jobs simulator ${stack.hf.url}\ndispatcher        ${stack.dispatcher.url} (provider ${options.provider}, ledger ${dataDir})\n\n`);
    const jobs = DEMO_JOBS.map((spec) => ({ spec, job: stack.github.queueJob({ repo: "acme/app", labels: [...spec.labels], name: spec.name, durationMs: 300 }) }));
    out.write(`queued ${jobs.length} jobs; waiting for the ones offload serves to complete...\n\n`);
    await waitForServedJobs(stack, jobs.filter((j) => j.spec.served).map((j) => j.job.id));
    await stack.github.settleDeliveries();
    const ledger = stack.dispatcher.ledger;
    if (ledger === null) throw new Error("the demo ledger did not open");
    await printDemoTimeline(ledger, jobs.map((j) => j.job.id), out);
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}


async function waitForServedJobs(stack: Awaited<ReturnType<typeof startSimStack>>, jobIds: readonly number[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!jobIds.every((id) => stack.github.job(id)?.status === "completed")) {
    if (Date.now() > deadline) throw new Error(`demo jobs did not complete within 60 s: ${jobIds.filter((id) => stack.github.job(id)?.status !== "completed").join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
