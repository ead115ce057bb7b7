import { describe, expect, it } from "vitest";
import { isOffloadError } from "../../../src/errors/offload-error.js";
import { connectDockerHost } from "../../../src/providers/docker/connect-docker-host.js";
import { createProvider } from "../../../src/providers/registry.js";
import { Secret } from "../../../src/config/secret.js";

describe("connecting to a Docker host", () => {
  it.each([
    ["unix:///var/run/docker.sock", { socketPath: "/var/run/docker.sock" }],
    ["tcp://lab-2:2375", { protocol: "http", host: "lab-2", port: 2375 }],
    ["ssh://ci@lab-3:2222", { protocol: "ssh", host: "lab-3", port: 2222, username: "ci" }],
  ])("reaches %s", (url, expected) => {
    const docker = connectDockerHost({ name: "h", url, gpus: [], maxRunners: null });
    expect(docker.modem).toMatchObject(expected);
  });

  it("speaks TLS to tcp:// with a client certificate, on 2376 by default", () => {
    const docker = connectDockerHost({ name: "h", url: "tcp://lab-2", gpus: [], maxRunners: null, tls: { ca: "CA", cert: "CERT", key: "KEY" } });
    expect(docker.modem).toMatchObject({ protocol: "https", host: "lab-2", port: 2376, ca: "CA", cert: "CERT" });
  });

  it("refuses a URL it cannot reach a host by, naming the setting", () => {
    const attempt = (): unknown => connectDockerHost({ name: "lab-9", url: "ftp://x", gpus: [], maxRunners: null });
    expect(attempt).toThrow("docker.hosts.lab-9");
    try {
      attempt();
    } catch (error) {
      expect(isOffloadError(error, "OFFLOAD_CONFIG_INVALID")).toBe(true);
    }
  });
});

describe("the docker provider from offload.yaml", () => {
  it("is built by the registry from the docker hosts and the rules whose backend is docker", async () => {
    const provider = createProvider("docker", {
      config: {
        dispatcherId: "d",
        hf: { endpoint: "http://127.0.0.1:9", token: new Secret("t"), namespace: "ns" },
        local: { runnerCommand: ["true"] },
        docker: { hosts: [{ name: "lab-1", url: "unix:///nonexistent.sock", gpus: ["0", "1"], maxRunners: null, tls: null }], network: "host", deviceRequests: false },
        rules: [],
      },
    });
    expect(provider.name).toBe("docker");
    expect(await provider.capacity?.()).toEqual({ hosts: [expect.objectContaining({ host: "lab-1", up: false })] });
  });
});
