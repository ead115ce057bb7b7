import { afterEach, describe, expect, it } from "vitest";
import { Secret } from "../../../src/config/secret.js";
import { isOffloadError } from "../../../src/errors/offload-error.js";
import { pickSafeBaseEnv } from "../../../src/providers/local/build-local-env.js";
import { createLocalProvider, type LocalProviderOptions } from "../../../src/providers/local/create-local-provider.js";
import { isTerminalComputeState, type ComputeStatus, type LaunchSpec, type Provider } from "../../../src/providers/provider.js";
import { collect, pollUntil } from "../../support/provider-test-tools.js";

const providers: Provider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) {
    for (const status of await provider.listOurs()) await provider.cancel(status.id);
  }
});

function localProvider(script: string, options: Partial<LocalProviderOptions> = {}): Provider {
  const provider = createLocalProvider({ command: [process.execPath, "-e", script], dispatcherId: "test", killGraceMs: 2_000, ...options });
  providers.push(provider);
  return provider;
}

function spec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    runnerName: "local-runner",
    flavor: "cpu-basic",
    image: "ignored",
    command: ["ignored"],
    env: {},
    secrets: {},
    timeoutSeconds: 60,
    tags: {},
    ...overrides,
  };
}

const settle = (provider: Provider, id: string): Promise<ComputeStatus> =>
  pollUntil(async () => {
    const status = await provider.inspect(id);
    return isTerminalComputeState(status.state) ? status : undefined;
  }, "machine to end");

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("local provider", () => {
  it("gives children only the safe base environment, the spec's variables and its secrets", async () => {
    const base = pickSafeBaseEnv({ PATH: "/usr/bin:/bin", HOME: "/home/x", NODE_OPTIONS: "--require ./evil.js", HF_TOKEN: "hf_secret", EMPTY: "" });
    expect(base).toEqual({ PATH: "/usr/bin:/bin", HOME: "/home/x" });
    const provider = localProvider("console.log(Object.keys(process.env).sort().join(','))", { baseEnv: base });
    const { id } = await provider.launch(spec({ env: { RUNNER_LABELS: "a" }, secrets: { ACTIONS_RUNNER_INPUT_JITCONFIG: new Secret("jit") } }));
    const [line] = await collect(provider.logs?.(id, { follow: true }) ?? []);
    expect(line?.text.split(",")).toEqual(["ACTIONS_RUNNER_INPUT_JITCONFIG", "HOME", "PATH", "RUNNER_LABELS"]);
  });

  it("stops a machine that outlives its timeout and reports it as failed", async () => {
    const provider = localProvider("setInterval(() => {}, 1000)");
    const { id } = await provider.launch(spec({ timeoutSeconds: 0.2 }));
    const status = await settle(provider, id);
    expect(status).toMatchObject({ state: "failed", message: "timed out after 0.2 seconds" });
  });

  it("kills a child that ignores SIGTERM once the grace period is over", async () => {
    const script = "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('ready'); setInterval(() => {}, 1000)";
    const provider = localProvider(script, { killGraceMs: 200 });
    const { id } = await provider.launch(spec());
    await collect(provider.logs?.(id, { follow: true }) ?? [], (line) => line.text === "ready");
    await provider.cancel(id);
    expect((await provider.inspect(id)).state).toBe("cancelled");
    const lines = await collect(provider.logs?.(id, { follow: false }) ?? []);
    expect(lines.map((line) => line.text)).toContain("ignoring SIGTERM");
  });

  it("stops everything the child started, not only the child", async () => {
    const script = [
      "const { spawn } = require('node:child_process');",
      "const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
      "console.log('grandchild ' + grandchild.pid);",
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const provider = localProvider(script);
    const { id } = await provider.launch(spec());
    const [line] = await collect(provider.logs?.(id, { follow: true }) ?? [], (l) => l.text.startsWith("grandchild"));
    const pid = Number(line?.text.split(" ")[1]);
    expect(processAlive(pid)).toBe(true);
    await provider.cancel(id);
    await pollUntil(() => (processAlive(pid) ? undefined : true), "grandchild to die");
  });

  it("forgets its machines when the dispatcher restarts: a new instance lists none and answers gone", async () => {
    const first = localProvider("setInterval(() => {}, 1000)");
    const { id } = await first.launch(spec());
    const restarted = localProvider("setInterval(() => {}, 1000)");
    expect(await restarted.listOurs()).toEqual([]);
    expect((await restarted.inspect(id)).state).toBe("gone");
  });

  it("keeps the tail of long output and still serves it after the machine ends", async () => {
    const provider = localProvider("for (let i = 0; i < 50; i++) console.log('n' + i)", { outputLines: 10 });
    const { id } = await provider.launch(spec());
    await settle(provider, id);
    const lines = await collect(provider.logs?.(id, { follow: false }) ?? []);
    expect(lines.map((line) => line.text)).toEqual(Array.from({ length: 10 }, (_, i) => `n${40 + i}`));
  });

  it("fails a launch whose command does not exist, naming the command", async () => {
    const provider = createLocalProvider({ command: ["/nonexistent/offload-runner"], dispatcherId: "test" });
    const error = await provider.launch(spec()).catch((e: unknown) => e);
    expect(isOffloadError(error, "OFFLOAD_PROVIDER_API")).toBe(true);
    expect((error as Error).message).toContain("'/nonexistent/offload-runner'");
  });

  it("refuses an empty command when it is built", () => {
    expect(() => createLocalProvider({ command: [], dispatcherId: "test" })).toThrow(/OFFLOAD_LOCAL_RUNNER_COMMAND/);
  });
});
