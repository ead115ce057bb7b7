import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { isTerminalComputeState, type ComputeStatus, type LaunchSpec, type Provider } from "../../src/providers/provider.js";
import type { Executor } from "../../src/sim/hf-jobs/start-hf-jobs-sim.js";
import { collect, pollUntil } from "../support/provider-test-tools.js";

/** A provider under test and what the contract needs around it. */
export interface ContractSubject {
  readonly provider: Provider;
  /** Everything the provider itself logged. */
  readonly providerLog: () => string;
  close(): Promise<void>;
}

/** How the compute behaves, read from its CONTRACT_BEHAVIOUR variable. */
type Behaviour = "succeed" | "fail" | "wait";

const SECRET_VALUE = "CANARY-jit-config-9f8e7d";

/**
 * What every machine does under the contract: prints two lines (stdout and stderr), the length
 * of its JIT config (never the value), then exits 0, exits 7, or prints `waiting` and waits.
 */
export const CONTRACT_CHILD_SCRIPT = `
const behaviour = process.env.CONTRACT_BEHAVIOUR;
console.log("line one");
console.error("line two");
console.log("config length " + (process.env.ACTIONS_RUNNER_INPUT_JITCONFIG ?? "").length);
if (behaviour === "fail") process.exit(7);
if (behaviour === "wait") { console.log("waiting"); setInterval(() => {}, 1000); } else process.exit(0);
`;

/** The same behaviour as a simulator executor. */
export const contractExecutor: Executor = async (job, io) => {
  io.log("line one");
  io.log("line two");
  io.log(`config length ${(job.secrets["ACTIONS_RUNNER_INPUT_JITCONFIG"] ?? "").length}`);
  if (job.env["CONTRACT_BEHAVIOUR"] === "fail") return 7;
  if (job.env["CONTRACT_BEHAVIOUR"] !== "wait") return 0;
  io.log("waiting");
  await new Promise<void>((resolve) => io.signal.addEventListener("abort", () => resolve(), { once: true }));
  return 143;
};

let counter = 0;

function contractSpec(behaviour: Behaviour): LaunchSpec {
  counter += 1;
  return {
    runnerName: `offload-contract-${process.pid}-${counter}`,
    flavor: "cpu-basic",
    image: "ubuntu:24.04",
    command: ["bash", "-c", "echo unused"],
    env: { CONTRACT_BEHAVIOUR: behaviour },
    secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret(SECRET_VALUE) },
    timeoutSeconds: 120,
    tags: { repo: "octo/llama.cpp" },
  };
}

/** The behaviour every provider shares; run it once per provider with a fresh subject per test. */
export function describeProviderContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`provider contract: ${name}`, () => {
    let subject: ContractSubject;
    let provider: Provider;

    const settle = (id: string): Promise<ComputeStatus> =>
      pollUntil(async () => {
        const status = await provider.inspect(id);
        return isTerminalComputeState(status.state) ? status : undefined;
      }, `machine ${id} to end`);
    const running = (id: string): Promise<ComputeStatus> =>
      pollUntil(async () => {
        const status = await provider.inspect(id);
        return status.state === "running" ? status : undefined;
      }, `machine ${id} to run`);

    beforeEach(async () => {
      subject = await makeSubject();
      provider = subject.provider;
    });

    afterEach(async () => {
      for (const status of await provider.listOurs()) {
        if (!isTerminalComputeState(status.state)) await provider.cancel(status.id);
      }
      await subject.close();
    });

    it("launches a machine that runs its command and then succeeds", async () => {
      const spec = contractSpec("succeed");
      const { id } = await provider.launch(spec);
      const status = await settle(id);
      expect(status).toMatchObject({ id, runnerName: spec.runnerName, state: "succeeded" });
      expect(status.startedAt).not.toBeNull();
      expect(status.finishedAt).not.toBeNull();
    });

    it("reports a machine whose command exits non-zero as failed, with a reason", async () => {
      const { id } = await provider.launch(contractSpec("fail"));
      const status = await settle(id);
      expect(status.state).toBe("failed");
      expect(status.message).toContain("7");
    });

    it("finds its machine in listOurs by runner name", async () => {
      const spec = contractSpec("wait");
      const { id } = await provider.launch(spec);
      const ours = await provider.listOurs();
      expect(ours.find((status) => status.runnerName === spec.runnerName)?.id).toBe(id);
    });

    it("lists only machines that have not ended; inspect still says how an ended one ended", async () => {
      const finished = contractSpec("succeed");
      const { id } = await provider.launch(finished);
      expect((await settle(id)).state).toBe("succeeded");
      const waiting = contractSpec("wait");
      const { id: runningId } = await provider.launch(waiting);
      const ours = await provider.listOurs();
      expect(ours.map((status) => status.runnerName)).toContain(waiting.runnerName);
      expect(ours.map((status) => status.id)).not.toContain(id);
      expect((await provider.inspect(id)).state).toBe("succeeded");
      expect(ours.find((status) => status.id === runningId)?.state).toMatch(/^(starting|running)$/);
    });

    it("cancels a running machine, and cancelling it again is not an error", async () => {
      const { id } = await provider.launch(contractSpec("wait"));
      await running(id);
      await provider.cancel(id);
      expect((await settle(id)).state).toBe("cancelled");
      await expect(provider.cancel(id)).resolves.toBeUndefined();
      expect((await provider.inspect(id)).state).toBe("cancelled");
    });

    it("streams the machine's output lines until it ends", async () => {
      const { id } = await provider.launch(contractSpec("succeed"));
      const logs = provider.logs;
      if (logs === undefined) return;
      const lines = (await collect(logs(id, { follow: true }))).map((line) => line.text);
      expect(lines).toEqual(expect.arrayContaining(["line one", "line two", `config length ${SECRET_VALUE.length}`]));
      expect((await settle(id)).state).toBe("succeeded");
    });

    it("follows the output of a running machine until it is cancelled", async () => {
      const { id } = await provider.launch(contractSpec("wait"));
      const logs = provider.logs;
      if (logs === undefined) return;
      const stream = logs(id, { follow: true });
      const seen = await collect(stream, (line) => line.text === "waiting");
      expect(seen.map((line) => line.text)).toContain("waiting");
      const rest = collect(logs(id, { follow: true }));
      await provider.cancel(id);
      await expect(rest).resolves.toBeInstanceOf(Array);
    });

    it("answers gone for a machine it does not know", async () => {
      const status = await provider.inspect("0123456789abcdef01234567");
      expect(status.state).toBe("gone");
    });

    it("never shows a secret in inspect, listOurs or its own log", async () => {
      const { id } = await provider.launch(contractSpec("succeed"));
      await settle(id);
      const shown = JSON.stringify([await provider.inspect(id), await provider.listOurs()]);
      expect(shown).not.toContain(SECRET_VALUE);
      expect(subject.providerLog()).not.toContain(SECRET_VALUE);
    });
  });
}
