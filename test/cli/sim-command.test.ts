import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { SimDescription } from "../../src/cli/run-sim.js";

const BIN = fileURLToPath(new URL("../../bin/offload", import.meta.url));
let child: ChildProcess | null = null;

afterEach(async () => {
  if (child !== null && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
  child = null;
});

async function firstLine(running: ChildProcess): Promise<string> {
  if (running.stdout === null) throw new Error("offload sim's stdout is not piped");
  const lines = createInterface({ input: running.stdout });
  for await (const line of lines) return line;
  throw new Error("offload sim printed nothing");
}

describe("offload sim", () => {
  it("runs the simulators and a dispatcher until Ctrl-C, and prints credentials that work against them", async () => {
    child = spawn(BIN, ["sim", "--with-dispatcher", "--json"], { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" }, stdio: ["ignore", "pipe", "inherit"] });
    const sim = JSON.parse(await firstLine(child)) as SimDescription;

    expect(readFileSync(sim.github.privateKeyPath, "utf8")).toContain("PRIVATE KEY");
    const repos = await fetch(`${sim.github.apiUrl}/installation/repositories`, { headers: { authorization: `token ${sim.github.token}` } });
    expect(repos.status).toBe(200);
    expect(((await repos.json()) as { repositories: { full_name: string }[] }).repositories.map((repo) => repo.full_name)).toEqual(["acme/app"]);
    const whoami = await fetch(`${sim.hf.endpoint}/api/whoami-v2`, { headers: { authorization: `Bearer ${sim.hf.token}` } });
    expect(whoami.status).toBe(200);
    await whoami.body?.cancel();
    expect(sim.dispatcher).not.toBeNull();
    const ready = await fetch(`${sim.dispatcher?.url}/readyz`);
    expect(ready.status).toBe(200);
    await ready.body?.cancel();

    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(existsSync(sim.github.privateKeyPath)).toBe(false);
  });
});
