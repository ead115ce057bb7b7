import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { isOffloadError } from "../../../src/errors/offload-error.js";
import { createDockerProvider, type DockerProvider } from "../../../src/providers/docker/create-docker-provider.js";
import type { DockerFlavor, DockerHostOptions } from "../../../src/providers/docker/docker-options.js";
import { describeConfiguredGpus, type RunProgram } from "../../../src/providers/gpu-slots/read-gpu-inventory.js";
import { isTerminalComputeState, type LaunchSpec } from "../../../src/providers/provider.js";
import { startDockerEngine, type DockerEngine } from "../../support/docker-engine.js";
import { collect, createCapturedLogger } from "../../support/provider-test-tools.js";
import { waitUntil } from "../../support/wait-until.js";
import { importTestImage, TEST_IMAGE } from "./docker-test-image.js";

const CANARY = "CANARY-docker-jit-5c4b3a";

let engine: DockerEngine;
const providers: DockerProvider[] = [];
const temps: string[] = [];

beforeAll(async () => {
  engine = await startDockerEngine();
  await importTestImage(engine);
}, 60_000);

afterAll(async () => {
  await engine.stop();
}, 30_000);

afterEach(async () => {
  for (const provider of providers.splice(0)) {
    for (const status of await provider.listOurs()) await provider.cancel(status.id);
  }
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

const x2: DockerFlavor = { image: TEST_IMAGE, cpus: 0.5, memoryMb: 64, gpus: 2, hosts: null };
const cpu: DockerFlavor = { image: TEST_IMAGE, cpus: null, memoryMb: null, gpus: 0, hosts: null };

function makeProvider(hosts: DockerHostOptions[], extra: { runProgram?: RunProgram } = {}): { provider: DockerProvider; logText: () => string } {
  const { log, text } = createCapturedLogger();
  const provider = createDockerProvider({
    hosts,
    flavors: new Map([["lab-a100x2", x2], ["lab-cpu", cpu]]),
    dispatcherId: "docker-test",
    command: ["/bin/sh", "/report.sh"],
    // The test engine has no NVIDIA runtime, which would refuse to start a container with device requests.
    deviceRequests: false,
    stopGraceSeconds: 1,
    log,
    ...extra,
  });
  providers.push(provider);
  return { provider, logText: text };
}

const engineHost = (gpus: number, name = "lab-1"): DockerHostOptions => ({ name, url: engine.url, gpus: describeConfiguredGpus(gpus), maxRunners: null });

let counter = 0;
function spec(flavor: string): LaunchSpec {
  counter += 1;
  return {
    runnerName: `docker-test-${process.pid}-${counter}`,
    flavor,
    image: "ignored:latest",
    command: [],
    env: { OFFLOAD_RUNNER_LABELS: flavor },
    secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret(CANARY) },
    timeoutSeconds: 600,
    tags: { "offload-scope": "octo/repo" },
  };
}

async function visibleDevices(id: string): Promise<string | undefined> {
  const info = await engine.docker.getContainer(id.split("/")[1] ?? "").inspect();
  return info.Config.Env.find((entry) => entry.startsWith("NVIDIA_VISIBLE_DEVICES="))?.split("=")[1];
}

describe("the Docker provider", () => {
  it("hands the JIT config over as a 0400 file, never in docker inspect, the environment or the logs", async () => {
    const { provider, logText } = makeProvider([engineHost(0)]);
    const { id } = await provider.launch(spec("lab-cpu"));
    const logs = provider.logs;
    if (logs === undefined) throw new Error("the Docker provider streams logs");
    const lines = await collect(logs(id, { follow: true }), (line) => line.text.startsWith("-r--------"));
    const info = await engine.docker.getContainer(id.split("/")[1] ?? "").inspect();
    expect(JSON.stringify([info.Config.Env, info.Config.Labels, info.Config.Cmd, info.Config.Entrypoint, info.Args, info.HostConfig])).not.toContain(CANARY);
    expect(JSON.stringify(info)).not.toContain(CANARY);
    expect(info.Config.Env).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG_FILE=/offload/ACTIONS_RUNNER_INPUT_JITCONFIG");
    expect(lines.map((line) => line.text).join("\n")).not.toContain("jit config in environment");
    expect(lines.find((line) => line.text.startsWith("-r--------"))?.text).toContain("/offload/ACTIONS_RUNNER_INPUT_JITCONFIG");
    const allOutput = (await collect(logs(id, { follow: false }))).map((line) => line.text).join("\n");
    expect(allOutput).not.toContain(CANARY);
    expect(logText()).not.toContain(CANARY);
  });

  it("labels the container as ours and limits its CPUs and memory as the rule says", async () => {
    const { provider } = makeProvider([engineHost(2)]);
    const launched = spec("lab-a100x2");
    const { id } = await provider.launch(launched);
    const info = await engine.docker.getContainer(id.split("/")[1] ?? "").inspect();
    expect(info.Config.Labels).toMatchObject({ "offload.dispatcher": "docker-test", "offload.runner": launched.runnerName, "offload.host": "lab-1", "offload.gpus": "0,1", "offload.tag.offload-scope": "octo/repo" });
    expect(info.HostConfig.NanoCpus).toBe(500_000_000);
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(info.HostConfig.NetworkMode).toBe("host");
  });

  it("gives each runner exactly the GPUs its rule asks for, never one another runner holds, and makes a full host wait with a reason", async () => {
    const { provider } = makeProvider([engineHost(4)]);
    const first = await provider.launch(spec("lab-a100x2"));
    const second = await provider.launch(spec("lab-a100x2"));
    expect([await visibleDevices(first.id), await visibleDevices(second.id)]).toEqual(["0,1", "2,3"]);
    const refused = await provider.launch(spec("lab-a100x2")).catch((error: unknown) => error);
    expect(isOffloadError(refused, "OFFLOAD_PROVIDER_CAPACITY")).toBe(true);
    expect((refused as Error).message).toContain("all 4 GPUs busy on lab-1");
    await provider.cancel(first.id);
    const third = await provider.launch(spec("lab-a100x2"));
    expect(await visibleDevices(third.id)).toBe("0,1");
  });

  it("frees a runner's GPUs when its container ends by itself", async () => {
    const { provider } = makeProvider([engineHost(2)]);
    const { id } = await provider.launch(spec("lab-a100x2"));
    expect((await provider.capacity()).hosts[0]?.freeGpus).toEqual([]);
    await engine.docker.getContainer(id.split("/")[1] ?? "").kill();
    await waitUntil("the container to end", async () => isTerminalComputeState((await provider.inspect(id)).state));
    expect((await provider.capacity()).hosts[0]?.freeGpus).toEqual(["0", "1"]);
  });

  it("rebuilds who holds which GPU after a restart from the containers' labels alone", async () => {
    const before = makeProvider([engineHost(4)]).provider;
    const held = await before.launch(spec("lab-a100x2"));
    // A new provider over the same engine: what a dispatcher killed with -9 starts with.
    const after = makeProvider([engineHost(4)]).provider;
    expect((await after.capacity()).hosts[0]?.freeGpus).toEqual(["2", "3"]);
    expect((await after.listOurs()).map((status) => status.id)).toContain(held.id);
    const next = await after.launch(spec("lab-a100x2"));
    expect(await visibleDevices(next.id)).toBe("2,3");
  });

  it("skips a host that is down, shows why, and places the runner on one that is up", async () => {
    const down: DockerHostOptions = { name: "lab-0", url: "unix:///nonexistent/docker.sock", gpus: describeConfiguredGpus(8), maxRunners: null };
    const { provider } = makeProvider([down, engineHost(2)]);
    const capacity = await provider.capacity();
    expect(capacity.hosts[0]).toMatchObject({ host: "lab-0", up: false });
    expect(capacity.hosts[0]?.reason).toContain("ENOENT");
    const { id } = await provider.launch(spec("lab-a100x2"));
    expect(id.startsWith("lab-1/")).toBe(true);
    const refused = await provider.launch(spec("lab-a100x2")).catch((error: unknown) => error);
    expect((refused as Error).message).toMatch(/all 2 GPUs busy on lab-1; lab-0 down/);
  });

  it("reads a host's GPUs from nvidia-smi -L when none are configured", async () => {
    const bin = await mkdtemp(join(tmpdir(), "offload-nvidia-smi-"));
    temps.push(bin);
    await writeFile(join(bin, "nvidia-smi"), "#!/bin/sh\necho 'GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-11111111-2222-3333-4444-555555555555)'\necho 'GPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-66666666-7777-8888-9999-000000000000)'\n");
    await chmod(join(bin, "nvidia-smi"), 0o755);
    const runProgram: RunProgram = (file, args) =>
      new Promise((resolve, reject) => execFile(file, [...args], { env: { PATH: `${bin}:/usr/bin:/bin` } }, (error, stdout) => (error === null ? resolve(stdout) : reject(error))));
    const { provider } = makeProvider([{ name: "lab-1", url: engine.url, gpus: null, maxRunners: null }], { runProgram });
    expect((await provider.capacity()).hosts[0]).toMatchObject({ gpus: ["0", "1"], freeGpus: ["0", "1"] });
  });

  it("refuses a rule whose image is not on the host, saying to load it: nothing is pulled", async () => {
    const { log } = createCapturedLogger();
    const provider = createDockerProvider({
      hosts: [engineHost(0)],
      flavors: new Map([["lab-missing", { ...cpu, image: "offload-not-here:1" }]]),
      dispatcherId: "docker-test",
      log,
    });
    providers.push(provider);
    const error = await provider.launch(spec("lab-missing")).catch((caught: unknown) => caught);
    expect(isOffloadError(error, "OFFLOAD_DOCKER_IMAGE_MISSING")).toBe(true);
    expect((error as Error).message).toContain("offload-not-here:1");
  });
});
