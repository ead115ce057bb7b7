import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { buildContainerSpec } from "../../../src/providers/docker/build-container-spec.js";
import { buildSecretArchive } from "../../../src/providers/docker/build-secret-archive.js";
import { createFrameSplitter, splitTimestamp } from "../../../src/providers/docker/split-docker-frames.js";
import type { LaunchSpec } from "../../../src/providers/provider.js";

const run = promisify(execFile);

const spec: LaunchSpec = {
  runnerName: "offload-r-1",
  flavor: "lab-a100x2",
  image: "ghcr.io/acme/runner-gpu:1",
  command: ["bash", "-c", "boot"],
  env: { OFFLOAD_RUNNER_LABELS: "lab-a100x2" },
  secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret("CANARY-spec") },
  timeoutSeconds: 3600,
  tags: {},
};
const flavor = { image: null, cpus: 8, memoryMb: 65_536, gpus: 2, hosts: null };
const plan = { spec, flavor, host: "lab-1", gpus: ["4", "5"], command: spec.command, dispatcherId: "d", networkMode: "host", deviceRequests: true, now: new Date("2026-12-04T00:00:00Z") };

describe("the container create body", () => {
  it("asks the NVIDIA runtime for exactly the runner's GPUs, by device id, and names them in NVIDIA_VISIBLE_DEVICES", () => {
    const body = buildContainerSpec(plan);
    expect(body.HostConfig?.DeviceRequests).toEqual([{ Driver: "nvidia", DeviceIDs: ["4", "5"], Capabilities: [["gpu"]] }]);
    expect(body.Env).toContain("NVIDIA_VISIBLE_DEVICES=4,5");
    expect(body.Labels?.["offload.gpus"]).toBe("4,5");
    expect(body.Labels?.["offload.deadline"]).toBe("2026-12-04T01:00:00.000Z");
  });

  it("hides every GPU from a CPU runner and sends no device request", () => {
    const body = buildContainerSpec({ ...plan, flavor: { ...flavor, gpus: 0 }, gpus: [] });
    expect(body.HostConfig?.DeviceRequests).toBeUndefined();
    expect(body.Env).toContain("NVIDIA_VISIBLE_DEVICES=void");
  });

  it("leaves device requests out when they are turned off, keeping the variable and labels", () => {
    const body = buildContainerSpec({ ...plan, deviceRequests: false });
    expect(body.HostConfig?.DeviceRequests).toBeUndefined();
    expect(body.Env).toContain("NVIDIA_VISIBLE_DEVICES=4,5");
  });

  it("carries no secret value, only where its file is", () => {
    const body = buildContainerSpec(plan);
    expect(JSON.stringify(body)).not.toContain("CANARY-spec");
    expect(body.Env).toContain("ACTIONS_RUNNER_INPUT_JITCONFIG_FILE=/offload/ACTIONS_RUNNER_INPUT_JITCONFIG");
  });
});

describe("the secret archive", () => {
  it("is a tar that unpacks to a 0400 file holding the secret", async () => {
    const dir = await mkdtemp(join(tmpdir(), "offload-secret-tar-"));
    try {
      await writeFile(join(dir, "s.tar"), buildSecretArchive({ ACTIONS_RUNNER_INPUT_JITCONFIG: "eyJ4IjoxfQ==" }, { uid: 0, gid: 0 }, new Date()));
      await run("tar", ["-xpf", join(dir, "s.tar"), "-C", dir]);
      const file = join(dir, "offload", "ACTIONS_RUNNER_INPUT_JITCONFIG");
      expect(await readFile(file, "utf8")).toBe("eyJ4IjoxfQ==");
      expect((await stat(file)).mode & 0o777).toBe(0o400);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("Docker's multiplexed log stream", () => {
  it("gives whole lines per stream even when frames and lines are split across chunks", () => {
    const frame = (stream: number, text: string): Buffer => {
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    const bytes = Buffer.concat([frame(1, "2026-12-04T00:00:00.1Z hel"), frame(2, "2026-12-04T00:00:00.2Z err\n"), frame(1, "lo\n")]);
    const splitter = createFrameSplitter();
    const lines = [...splitter.push(bytes.subarray(0, 11)), ...splitter.push(bytes.subarray(11)), ...splitter.end()].map(splitTimestamp);
    expect(lines).toEqual([
      { at: "2026-12-04T00:00:00.2Z", text: "err" },
      { at: "2026-12-04T00:00:00.1Z", text: "hello" },
    ]);
  });
});
