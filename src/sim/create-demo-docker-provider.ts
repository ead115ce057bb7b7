import { execFile } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Docker from "dockerode";
import { connectDockerHost } from "../providers/docker/connect-docker-host.js";
import { createDockerProvider, type DockerProvider } from "../providers/docker/create-docker-provider.js";
import { SIMULATED_RUNNER_COMMAND } from "./start-sims.js";

const run = promisify(execFile);
const DEMO_IMAGE = "offload-demo-runner:local";
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** How to get an engine when none answers; printed by `offload demo --provider docker`. */
export const START_DOCKER_HINT = [
  "No Docker engine answers at DOCKER_HOST (default unix:///var/run/docker.sock). Start one, e.g. as root:",
  "  dockerd --bridge=none --iptables=false --host unix:///tmp/offload-docker.sock &",
  "  DOCKER_HOST=unix:///tmp/offload-docker.sock offload demo --provider docker",
].join("\n");

/**
 * The Docker provider for the demo: every runner is a real container, on the host network, of an
 * image imported from an empty root filesystem (nothing is pulled), that runs the simulated
 * runner with this machine's own Node.js and checkout mounted read-only. Null when no engine answers.
 */
export async function createDemoDockerProvider(dockerHost: string | undefined, dispatcherId: string): Promise<DockerProvider | null> {
  const host = { name: "demo", url: dockerHost ?? "unix:///var/run/docker.sock", gpus: [], maxRunners: null };
  let docker: Docker;
  try {
    docker = connectDockerHost(host);
    await docker.ping();
  } catch {
    return null;
  }
  await importEmptyImage(docker);
  const binds = ["/usr", "/lib", "/lib64", "/bin", "/etc"].filter((path) => existsSync(path)).map((path) => `${path}:${path}:ro`);
  return createDockerProvider({
    hosts: [host],
    flavors: new Map(),
    defaultFlavor: { image: DEMO_IMAGE, cpus: null, memoryMb: null, gpus: 0, hosts: null },
    dispatcherId,
    command: SIMULATED_RUNNER_COMMAND,
    binds: [...binds, `${REPO_ROOT}:${REPO_ROOT}:ro`, ...linkedModules()],
    workingDir: REPO_ROOT,
    stopGraceSeconds: 2,
  });
}

/** A checkout whose node_modules is a symlink (a git worktree) needs its target mounted too. */
function linkedModules(): string[] {
  const modules = join(REPO_ROOT, "node_modules");
  const target = existsSync(modules) ? realpathSync(modules) : modules;
  return target === modules || target.startsWith(REPO_ROOT) ? [] : [`${target}:${target}:ro`];
}

async function importEmptyImage(docker: Docker): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "offload-demo-image-"));
  try {
    await run("tar", ["-C", dir, "-cf", join(dir, "..", `${dir.split("/").pop() ?? "x"}.tar`), "."]);
    const archive = join(dir, "..", `${dir.split("/").pop() ?? "x"}.tar`);
    const stream = await docker.importImage(archive, { repo: DEMO_IMAGE.split(":")[0], tag: "local" });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error === null ? resolve() : reject(error))));
    await rm(archive, { force: true });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
