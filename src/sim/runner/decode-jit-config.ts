/** What the simulated runner needs from its JIT config. */
export interface DecodedJitConfig {
  readonly agentId: number;
  readonly agentName: string;
  readonly serverUrl: string;
  /** The RSA private exponent from `.credentials_rsaparams`; the simulator takes it as proof. */
  readonly proof: string;
}

/**
 * Decodes a JIT config as actions/runner does (`Runner.cs`, github-protocol.md §5.2): base64 →
 * JSON map of file name → base64 file content; `.runner` carries the agent and server URL.
 * Returns a reason instead of throwing, so the caller can exit 1 like the runner's TerminatedError.
 */
export function decodeJitConfig(encoded: string): { ok: true; config: DecodedJitConfig } | { ok: false; reason: string } {
  const files = parseObject(fromBase64(encoded));
  if (files === undefined) return { ok: false, reason: "the JIT config is not base64 of a JSON object" };
  const runner = parseObject(fromBase64(stringField(files, ".runner")));
  const rsa = parseObject(fromBase64(stringField(files, ".credentials_rsaparams")));
  if (runner === undefined) return { ok: false, reason: "the JIT config has no readable .runner file" };
  if (rsa === undefined) return { ok: false, reason: "the JIT config has no readable .credentials_rsaparams file" };
  const agentId = runner["agentId"];
  const agentName = stringField(runner, "agentName");
  const serverUrl = stringField(runner, "serverUrl");
  const proof = stringField(rsa, "d");
  if (typeof agentId !== "number" || agentName === "" || serverUrl === "" || proof === "") {
    return { ok: false, reason: "the .runner or .credentials_rsaparams file lacks agentId, agentName, serverUrl or d" };
  }
  return { ok: true, config: { agentId, agentName, serverUrl, proof } };
}

function fromBase64(text: string): string {
  return Buffer.from(text, "base64").toString("utf8");
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === "string" ? value : "";
}
