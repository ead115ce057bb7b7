import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Runs one `run:` step as GitHub's Linux runner does (`bash --noprofile --norc -eo pipefail
 * {0}` on a script file), in its own process group so cancelling kills what it started.
 * Output lines go to `onLine` as they arrive. Resolves with the exit code, or null when killed.
 */
export async function runSimStep(input: {
  script: string;
  cwd: string;
  scriptDir: string;
  env: Readonly<Record<string, string>>;
  signal: AbortSignal;
  onLine: (line: string) => void;
}): Promise<number | null> {
  const file = join(input.scriptDir, `step-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  await writeFile(file, input.script);
  const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], {
    cwd: input.cwd,
    env: { ...input.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const kill = (): void => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };
  input.signal.addEventListener("abort", kill, { once: true });
  const split = (stream: NodeJS.ReadableStream): void => {
    let pending = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(input.onLine);
    });
    stream.on("end", () => {
      if (pending !== "") input.onLine(pending);
    });
  };
  split(child.stdout);
  split(child.stderr);
  const [code] = (await once(child, "close")) as [number | null];
  input.signal.removeEventListener("abort", kill);
  return input.signal.aborted ? null : code;
}
