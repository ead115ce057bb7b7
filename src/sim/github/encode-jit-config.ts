import { randomBytes, randomUUID } from "node:crypto";

/**
 * The `encoded_jit_config` blob in the format actions/runner reads (github-protocol.md §5.1, 5.3):
 * base64 of a JSON map from file name to base64 file content. `serverUrl` points at the
 * simulator's runner protocol; the private exponent `d` in `.credentials_rsaparams` is the
 * runner's secret, standing in for the key the real runner signs its OAuth assertion with.
 */
export function encodeJitConfig(input: {
  runnerId: number;
  runnerName: string;
  runnerGroupId: number;
  simUrl: string;
  secret: string;
}): string {
  const clientId = randomUUID();
  const runnerFile = {
    agentId: input.runnerId,
    agentName: input.runnerName,
    poolId: input.runnerGroupId,
    poolName: "Default",
    serverUrl: `${input.simUrl}/_sim/runner`,
    gitHubUrl: "",
    workFolder: "_work",
    ephemeral: true,
  };
  const credentials = {
    scheme: "OAuth",
    data: { clientId, authorizationUrl: `${input.simUrl}/_sim/runner/oauth2/token/${clientId}`, requireFipsCryptography: "True" },
  };
  const rsaParameters = {
    d: input.secret,
    dp: random(128),
    dq: random(128),
    exponent: "AQAB",
    inverseQ: random(128),
    modulus: random(256),
    p: random(128),
    q: random(128),
  };
  const files = {
    ".runner": toBase64(runnerFile),
    ".credentials": toBase64(credentials),
    ".credentials_rsaparams": toBase64(rsaParameters),
  };
  return toBase64(files);
}

/** A fresh runner secret, the size of a 2048-bit RSA private exponent. */
export function createRunnerSecret(): string {
  return random(256);
}

function random(bytes: number): string {
  return randomBytes(bytes).toString("base64");
}

function toBase64(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}
