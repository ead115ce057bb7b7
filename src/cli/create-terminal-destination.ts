import type { DestinationStream } from "pino";

/**
 * Where `offload serve` writes its log: human-readable lines (pino-pretty, synchronous, so nothing
 * is lost on exit) when stdout is a terminal, pino's JSON lines otherwise (a file, a pipe, a log
 * collector). Loaded only for a terminal, so a container never pays for it.
 */
export async function createTerminalDestination(stdout: NodeJS.WriteStream): Promise<DestinationStream | undefined> {
  if (stdout.isTTY !== true) return undefined;
  const { default: pretty } = await import("pino-pretty");
  return pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service" });
}
