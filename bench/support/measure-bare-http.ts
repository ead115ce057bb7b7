import { spawn } from "node:child_process";
import { once } from "node:events";
import { sendHttp } from "../../src/sim/send-http.js";
import { quantile, round } from "./stats.js";

/** A Node HTTP server that reads each request whole and answers a small JSON body: nothing else. */
const SERVER_SOURCE = `
const server = require("node:http").createServer((request, response) => {
  request.resume();
  request.on("end", () => { response.writeHead(200, { "content-type": "application/json" }); response.end('{"ok":true}'); });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

/**
 * This machine's floor for the acknowledgement figures: `count` POSTs of `body` (a real webhook),
 * one every `gapMs`, from this process over the benchmark's own HTTP client to a bare Node server in
 * another process. What the dispatcher's answers take beyond this is the dispatcher's.
 */
export async function measureBareHttp(body: string, count = 500, gapMs = 10): Promise<{ p50: number; p99: number; max: number }> {
  const server = spawn(process.execPath, ["-e", SERVER_SOURCE], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [chunk] = (await once(server.stdout, "data")) as [Buffer];
    const url = `http://127.0.0.1:${chunk.toString().trim()}/webhook`;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await sendHttp(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    return { p50: round(quantile(times, 0.5)), p99: round(quantile(times, 0.99)), max: round(Math.max(...times)) };
  } finally {
    server.kill();
    await once(server, "exit");
  }
}
