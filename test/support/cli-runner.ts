import { execFile } from "node:child_process";
import { findFreePort } from "../../src/sim/find-free-port.js";
import { createServer as createHttpServer } from "node:http";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/offload", import.meta.url));

/** What one `offload` run printed and how it ended. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `./bin/offload <args>` as a child process with exactly `env` (plus PATH and HOME), as a
 * person would from a shell with stdout piped: no colour, no spinner.
 */
export function runOffload(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(BIN, [...args], { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on (it was free a moment ago), for "nothing answers" cases. */
export const closedPort = findFreePort;

/**
 * A server that answers the paths in `json` with those documents and every other request with
 * `events` as server-sent events, then keeps the stream open.
 */
export async function startSseServer(events: readonly string[], json: Record<string, unknown> = {}): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server = createHttpServer((request, response) => {
    paths.push(request.url ?? "");
    const document = json[request.url ?? ""];
    if (document !== undefined) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const event of events) response.write(event);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
