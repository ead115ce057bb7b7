import { afterEach, describe, expect, it } from "vitest";
import { isOffloadError } from "../../../src/errors/offload-error.js";
import { Secret } from "../../../src/config/secret.js";
import { createLocalProvider } from "../../../src/providers/local/create-local-provider.js";
import { isTerminalComputeState, type LaunchSpec, type Provider } from "../../../src/providers/provider.js";
import { collect, pollUntil } from "../../support/provider-test-tools.js";

const SCRIPT = `console.log("gpus=" + process.env.CUDA_VISIBLE_DEVICES + "/" + process.env.NVIDIA_VISIBLE_DEVICES); if (process.env.HOLD === "1") setInterval(() => {}, 1000);`;

let provider: Provider;

afterEach(async () => {
  for (const status of await provider.listOurs()) await provider.cancel(status.id);
});

let counter = 0;
function spec(flavor: string, hold: boolean): LaunchSpec {
  counter += 1;
  return { runnerName: `local-gpu-${counter}`, flavor, image: "", command: [], env: { HOLD: hold ? "1" : "0" }, secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret("x") }, timeoutSeconds: 60, tags: {} };
}

async function firstLine(id: string): Promise<string> {
  const logs = provider.logs;
  if (logs === undefined) throw new Error("local streams logs");
  return (await collect(logs(id, { follow: true }), () => true))[0]?.text ?? "";
}

describe("GPU slots on a single server without Docker", () => {
  it("gives each runner process its own GPUs, refuses one that does not fit, and frees them when a runner ends", async () => {
    provider = createLocalProvider({
      command: [process.execPath, "-e", SCRIPT],
      dispatcherId: "gpu-test",
      killGraceMs: 500,
      gpus: ["0", "1", "2"],
      gpusForFlavor: (flavor) => (flavor === "lab-x2" ? 2 : 0),
    });
    const first = await provider.launch(spec("lab-x2", true));
    expect(await firstLine(first.id)).toBe("gpus=0,1/0,1");
    const refused = await provider.launch(spec("lab-x2", true)).catch((error: unknown) => error);
    expect(isOffloadError(refused, "OFFLOAD_PROVIDER_CAPACITY")).toBe(true);
    expect((refused as Error).message).toContain("1 of 3 GPUs free");
    const cpu = await provider.launch(spec("cpu", false));
    expect(await firstLine(cpu.id)).toBe("gpus=/void");
    await provider.cancel(first.id);
    await pollUntil(async () => (isTerminalComputeState((await provider.inspect(first.id)).state) ? true : undefined), "the first runner to end");
    expect((await provider.capacity?.())?.hosts[0]?.freeGpus).toEqual(["0", "1", "2"]);
    const again = await provider.launch(spec("lab-x2", false));
    expect(await firstLine(again.id)).toBe("gpus=0,1/0,1");
  });
});
