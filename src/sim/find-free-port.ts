import { createServer } from "node:net";

/**
 * A loopback port that was free a moment ago: for a child process that must be told its port up
 * front, or for a "nothing answers there" case. Another process could take it in between; on one
 * test machine that is rare enough.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port assigned"))));
    });
  });
}
