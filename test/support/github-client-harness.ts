import { pino, type Logger } from "pino";
import { Secret } from "../../src/config/secret.js";
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "../../src/github/create-github-client.js";
import type { GitHubStub } from "./github-stub.js";

/** A client pointed at `stub`, with millisecond retry waits and every log line kept in `lines`. */
export function connectClient(
  stub: GitHubStub,
  overrides: Partial<GitHubClientOptions> = {},
): { client: GitHubClient; lines: string[]; log: Logger } {
  const lines: string[] = [];
  const log = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
  const client = createGitHubClient({
    apiUrl: stub.url,
    appId: stub.appId,
    privateKey: new Secret(stub.privateKeyPem),
    log,
    retryBaseDelayMs: 1,
    ...overrides,
  });
  return { client, lines, log };
}
