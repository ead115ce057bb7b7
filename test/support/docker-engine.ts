import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";

const run = promisify(execFile);

const INSTALL_HINT = "The Docker provider's tests start their own engine: install Debian's docker.io (`apt-get install -y docker.io`, as .ci/run does) and run them as root.";
const BUSYBOX_HINT = "The test image is busybox from Debian's busybox-static package: `apt-get install -y busybox-static` (.ci/run installs it).";

/** A throwaway Docker engine for one test file: its own data root, socket and containerd, no bridge, no iptables. */
export interface DockerEngine {
  /** `unix://<dir>/docker.sock`, as DOCKER_HOST or a host's url. */
  readonly url: string;
  readonly socketPath: string;
  readonly docker: Docker;
  /** Removes every container, stops the engine and deletes its files. */
  stop(): Promise<void>;
}

/** Starts `dockerd` under a temporary directory and waits for `/_ping`. Never skips: without dockerd it fails naming what to install. */
export async function startDockerEngine(): Promise<DockerEngine> {
  const dockerd = ["/usr/sbin/dockerd", "/usr/bin/dockerd"].find((path) => existsSync(path));
  if (dockerd === undefined) throw new Error(`No dockerd found. ${INSTALL_HINT}`);
  const dir = await mkdtemp(join(tmpdir(), "offload-dockerd-"));
  const socketPath = join(dir, "docker.sock");
  const args = ["--bridge=none", "--iptables=false", "--ip6tables=false", "--data-root", join(dir, "data"), "--exec-root", join(dir, "exec"), "--pidfile", join(dir, "docker.pid"), "--host", `unix://${socketPath}`];
  const child = spawn(dockerd, args, { stdio: ["ignore", "ignore", "pipe"] });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForPing(socketPath, child);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    await removeEngineDir(dir);
    throw new Error(`dockerd did not come up: ${String(error)}\n${output}\n${INSTALL_HINT}`, { cause: error });
  }
  const docker = new Docker({ socketPath });
  return {
    url: `unix://${socketPath}`,
    socketPath,
    docker,
    async stop() {
      const containers = await docker.listContainers({ all: true }).catch(() => []);
      await Promise.all(containers.map((container) => docker.getContainer(container.Id).remove({ force: true }).catch(() => undefined)));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
      await removeEngineDir(dir);
    },
  };
}

/** dockerd leaves its network namespace (and, after a crash, overlay mounts) mounted under the directory. */
async function removeEngineDir(dir: string): Promise<void> {
  const mounts = (await readFile("/proc/self/mounts", "utf8")).split("\n").map((line) => line.split(" ")[1] ?? "");
  for (const mount of mounts.filter((path) => path.startsWith(`${dir}/`)).reverse()) await run("umount", ["-l", mount]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

async function waitForPing(socketPath: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dockerd exited with code ${child.exitCode}`);
    if (await ping(socketPath)) return;
    if (Date.now() > deadline) throw new Error("no answer to /_ping within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", method: "GET", timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** Busybox applets the stand-in scripts use. */
const APPLETS = ["sh", "cat", "echo", "sleep", "wc", "env", "ls", "rm", "id", "printf", "test", "["];

/**
 * Builds an image from nothing but busybox (a static binary from Debian's busybox-static) and
 * `files`, by `docker import` of a root filesystem tar: nothing is pulled.
 */
export async function importBusyboxImage(engine: DockerEngine, tag: string, files: Readonly<Record<string, string>>): Promise<string> {
  const busybox = ["/usr/bin/busybox", "/bin/busybox"].find((path) => existsSync(path));
  if (busybox === undefined) throw new Error(`No busybox found. ${BUSYBOX_HINT}`);
  const dir = await mkdtemp(join(tmpdir(), "offload-rootfs-"));
  try {
    const root = join(dir, "root");
    await mkdir(join(root, "bin"), { recursive: true });
    await mkdir(join(root, "tmp"), { recursive: true });
    await writeFile(join(root, "bin", "busybox"), await readFile(busybox));
    await chmod(join(root, "bin", "busybox"), 0o755);
    for (const applet of APPLETS) await symlink("busybox", join(root, "bin", applet));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
      await chmod(join(root, path), 0o755);
    }
    const archive = join(dir, "rootfs.tar");
    await run("tar", ["-C", root, "-cf", archive, "."]);
    const [repo, version = "latest"] = tag.split(":");
    const stream = await engine.docker.importImage(archive, { repo, tag: version });
    await new Promise<void>((resolve, reject) => engine.docker.modem.followProgress(stream, (error: Error | null) => (error === null ? resolve() : reject(error))));
    return tag;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
