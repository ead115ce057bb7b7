/**
 * The human part of an HF error answer: the JSON `error` (or `message`, `error_description`, as
 * the JS client reads), else the `X-Error-Message` header, else the start of the body.
 * `secrets` are masked because a server may echo what it was sent.
 */
export async function readHfErrorText(response: Response, secrets: readonly string[]): Promise<string> {
  const raw = await response.text().catch(() => "");
  let text = response.headers.get("x-error-message") ?? "";
  try {
    const body: unknown = JSON.parse(raw);
    if (typeof body === "object" && body !== null) {
      const record = body as Record<string, unknown>;
      const found = [record["error"], record["message"], record["error_description"]].find((v) => typeof v === "string");
      if (typeof found === "string") text = found;
    }
  } catch {
    if (text === "") text = raw.trim().slice(0, 200);
  }
  return maskSecrets(text === "" ? response.statusText : text, secrets);
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length >= 4) masked = masked.split(secret).join("[redacted]");
  }
  return masked;
}
