import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { gpusFromName, parseMemoryMb } from "../../src/config/read-label-rules.js";
import { configuredEnv } from "../support/intake-fixtures.js";

const YAML = `
docker:
  hosts:
    - { name: lab-1, url: "unix:///var/run/docker.sock", gpus: 8 }
    - { name: lab-2, url: "ssh://ci@lab-2", gpus: [0, 1, 2, 3], maxRunners: 4 }
  deviceRequests: false
localGpus: 2
rules:
  - labels: lab-a100x2
    backend: docker
    image: ghcr.io/acme/runner-gpu:1
    cpus: 16
    memory: 64g
    hosts: [lab-1, lab-2]
    timeout: 2h
    runnerGroup: gpu-lab
    fallbacks: [hf-a100]
  - name: hf-a100
    labels: ["hf-a100-*"]
    backend: hf-jobs
    flavor: a100-large
`;

function load(yaml: string) {
  return loadConfig(configuredEnv({ OFFLOAD_CONFIG: "/etc/offload.yaml" }), { readFile: () => yaml });
}

describe("label rules in offload.yaml", () => {
  it("reads rules, Docker hosts and local GPUs, with units and the GPU count a flavor-like name carries", () => {
    const { config, problems } = load(YAML);
    expect(problems).toEqual([]);
    expect(config.rules[0]).toEqual({
      name: "lab-a100x2",
      labels: ["lab-a100x2"],
      backend: "docker",
      image: "ghcr.io/acme/runner-gpu:1",
      flavor: null,
      cpus: 16,
      memoryMb: 65_536,
      gpus: 2,
      hosts: ["lab-1", "lab-2"],
      timeoutSeconds: 7200,
      runnerGroup: "gpu-lab",
      scope: null,
      fallbacks: ["hf-a100"],
    });
    expect(config.docker).toEqual({
      hosts: [
        { name: "lab-1", url: "unix:///var/run/docker.sock", gpus: ["0", "1", "2", "3", "4", "5", "6", "7"], maxRunners: null, tls: null },
        { name: "lab-2", url: "ssh://ci@lab-2", gpus: ["0", "1", "2", "3"], maxRunners: 4, tls: null },
      ],
      network: "host",
      deviceRequests: false,
    });
    expect(config.local.gpus).toEqual(["0", "1"]);
  });

  it("reports every problem at once: unknown backend, host, fallback and unusable units", () => {
    const { problems } = load(`
rules:
  - { labels: a, backend: kubernetes-nope }
  - { labels: b, backend: docker, hosts: [lab-9], memory: lots, timeout: soon, fallbacks: [missing] }
`);
    const text = problems.map((problem) => problem.message).join("\n");
    expect(text).toContain("backend among hf-jobs, local, docker, not 'kubernetes-nope'");
    expect(text).toContain("hosts among docker.hosts (none), not 'lab-9'");
    expect(text).toContain("memory like 64g or 512m, not 'lots'");
    expect(text).toContain("timeout like 2h or 90m, not 'soon'");
    expect(text).toContain("fallbacks to name other rules, not 'missing'");
  });

  it("refuses a rule field it does not know, naming it", () => {
    const { problems } = load("rules:\n  - { labels: a, backend: docker, gpu: 2 }\n");
    expect(problems[0]?.message).toContain("rules.0.gpu in offload.yaml");
  });

  it.each([
    ["lab-a100x2", 2],
    ["h100x8", 8],
    ["lab-l4x1", 1],
    ["lab-cpux4", 0],
    ["big-box", 0],
  ])("takes %s to mean %i GPUs", (name, gpus) => {
    expect(gpusFromName(name)).toBe(gpus);
  });

  it.each([
    ["64g", 65_536],
    ["512m", 512],
    ["1.5G", 1536],
    [2048, 2048],
    ["1k", null],
  ])("reads memory %s as %s MiB", (value, mb) => {
    expect(parseMemoryMb(value)).toBe(mb);
  });
});
