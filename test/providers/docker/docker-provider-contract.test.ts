import { afterAll, beforeAll } from "vitest";
import { createDockerProvider } from "../../../src/providers/docker/create-docker-provider.js";
import { startDockerEngine, type DockerEngine } from "../../support/docker-engine.js";
import { createCapturedLogger } from "../../support/provider-test-tools.js";
import { describeProviderContract } from "../provider-contract.js";
import { importTestImage, TEST_IMAGE } from "./docker-test-image.js";

let engine: DockerEngine;

beforeAll(async () => {
  engine = await startDockerEngine();
  await importTestImage(engine);
}, 60_000);

afterAll(async () => {
  await engine.stop();
}, 30_000);

describeProviderContract("docker", async () => {
  const { log, text } = createCapturedLogger();
  const provider = createDockerProvider({
    hosts: [{ name: "test-engine", url: engine.url, gpus: [], maxRunners: null }],
    flavors: new Map(),
    defaultFlavor: { image: TEST_IMAGE, cpus: null, memoryMb: null, gpus: 0, hosts: null },
    dispatcherId: "contract",
    command: ["/bin/sh", "/contract.sh"],
    stopGraceSeconds: 2,
    log,
  });
  return { provider, providerLog: text, close: async () => undefined };
});
