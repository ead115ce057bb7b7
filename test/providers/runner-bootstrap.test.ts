import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { buildRunnerBootstrapCommand, readRunnerBootstrap } from "../../src/providers/runner-bootstrap.js";

const JIT = "CANARY-eyJydW5uZXIiOiJ4In0=";
const FAKE_RUN_SH = `#!/usr/bin/env bash
echo "run.sh received a config of length \${#ACTIONS_RUNNER_INPUT_JITCONFIG} via env"
echo "run.sh stderr" >&2
exit 3
`;

const temps: string[] = [];
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "offload-entrypoint-"));
  temps.push(dir);
  return dir;
}

/** Runs the entrypoint as providers do (`bash -c <script>`), with exactly `env`. */
function runEntrypoint(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const [file, ...args] = buildRunnerBootstrapCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(file ?? "bash", args, { env: { PATH: "/usr/local/bin:/usr/bin:/bin", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += `[stderr]${chunk.toString()}`));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

async function runnerHomeWithFakeRunner(): Promise<string> {
  const home = await tempDir();
  await writeFile(join(home, "run.sh"), FAKE_RUN_SH);
  await chmod(join(home, "run.sh"), 0o755);
  return home;
}

const isRoot = process.getuid?.() === 0;

describe("runner entrypoint", () => {
  it("is the text of runner/entrypoint.sh, run by bash -c", async () => {
    const file = await readFile(new URL("../../runner/entrypoint.sh", import.meta.url), "utf8");
    expect(readRunnerBootstrap()).toBe(file);
    expect(buildRunnerBootstrapCommand().slice(0, 2)).toEqual(["bash", "-c"]);
  });

  it("runs the runner already in RUNNER_HOME and exits with its exit code, stderr on stdout", async () => {
    const home = await runnerHomeWithFakeRunner();
    const { code, output } = await runEntrypoint({ RUNNER_HOME: home, ACTIONS_RUNNER_INPUT_JITCONFIG: JIT });
    expect(code).toBe(3);
    expect(output).toContain(`run.sh received a config of length ${JIT.length} via env`);
    expect(output).toContain("run.sh stderr");
    expect(output).not.toContain("[stderr]");
    expect(output).not.toContain(JIT);
  });

  it("reads the JIT config from ACTIONS_RUNNER_INPUT_JITCONFIG_FILE, hands it to the runner and deletes the file", async () => {
    const home = await runnerHomeWithFakeRunner();
    const file = join(await tempDir(), "jitconfig");
    await writeFile(file, JIT, { mode: 0o400 });
    const { code, output } = await runEntrypoint({ RUNNER_HOME: home, ACTIONS_RUNNER_INPUT_JITCONFIG_FILE: file });
    expect(code).toBe(3);
    expect(output).toContain(`run.sh received a config of length ${JIT.length} via env`);
    expect(output).not.toContain(JIT);
    await expect(readFile(file, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("runs the command it is given as an image entrypoint instead of booting a runner", async () => {
    const output = await promisify(execFile)("bash", [fileURLToPath(new URL("../../runner/entrypoint.sh", import.meta.url)), "echo", "hello"], { env: { PATH: "/usr/bin:/bin" } });
    expect(output.stdout).toBe("hello\n");
  });

  it("refuses to start without a JIT config, saying what is missing", async () => {
    const home = await runnerHomeWithFakeRunner();
    const { code, output } = await runEntrypoint({ RUNNER_HOME: home });
    expect(code).not.toBe(0);
    expect(output).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG is not set");
    expect(output).not.toContain("run.sh received");
  });

  it("fails clearly when there is no runner and installing is switched off", async () => {
    const home = await tempDir();
    const { code, output } = await runEntrypoint({ RUNNER_HOME: home, RUNNER_INSTALL: "never", ACTIONS_RUNNER_INPUT_JITCONFIG: JIT });
    expect(code).not.toBe(0);
    expect(output).toContain(`no runner at ${home}`);
    expect(output).not.toContain(JIT);
  });

  it("requires a checksum when the runner comes from somewhere other than the pinned release", async () => {
    const home = await tempDir();
    const { code, output } = await runEntrypoint({ RUNNER_HOME: join(home, "runner"), RUNNER_DOWNLOAD_URL: "http://127.0.0.1:9/x.tar.gz", ACTIONS_RUNNER_INPUT_JITCONFIG: JIT });
    expect(code).not.toBe(0);
    expect(output).toContain(isRoot ? "RUNNER_SHA256 is required" : "needs root or passwordless sudo");
  });

  describe.runIf(isRoot)("installing the runner (needs root)", () => {
    async function serveArchive(): Promise<{ url: string; sha256: string }> {
      const source = await tempDir();
      await writeFile(join(source, "run.sh"), FAKE_RUN_SH);
      await chmod(join(source, "run.sh"), 0o755);
      const archivePath = join(await tempDir(), "runner.tar.gz");
      await promisify(execFile)("tar", ["-czf", archivePath, "-C", source, "run.sh"]);
      const archive = await readFile(archivePath);
      server = createServer((_request, response) => response.end(archive));
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}/actions-runner.tar.gz`, sha256: createHash("sha256").update(archive).digest("hex") };
    }

    it("downloads, checks and unpacks the runner, then runs it", async () => {
      const { url, sha256 } = await serveArchive();
      const home = join(await tempDir(), "actions-runner");
      await mkdir(home);
      const { code, output } = await runEntrypoint({ RUNNER_HOME: home, RUNNER_DOWNLOAD_URL: url, RUNNER_SHA256: sha256, ACTIONS_RUNNER_INPUT_JITCONFIG: JIT });
      expect(output).toContain("run.sh received a config");
      expect(code).toBe(3);
    });

    it("refuses an archive whose checksum does not match", async () => {
      const { url } = await serveArchive();
      const home = join(await tempDir(), "actions-runner");
      const { code, output } = await runEntrypoint({ RUNNER_HOME: home, RUNNER_DOWNLOAD_URL: url, RUNNER_SHA256: "0".repeat(64), ACTIONS_RUNNER_INPUT_JITCONFIG: JIT });
      expect(code).not.toBe(0);
      expect(output).toContain("checksum mismatch");
      expect(output).not.toContain("run.sh received");
    });
  });
});
