import { verify, type KeyObject } from "node:crypto";

/*
 * GitHub's own 401 messages (github-protocol.md §3.1). @octokit/auth-app recognises the two
 * clock-skew ones and retries with a corrected clock, so they must match to the letter.
 */
export const JWT_MESSAGES = {
  undecodable: "A JSON web token could not be decoded",
  expInvalid:
    "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
  expTooFar: "'Expiration time' claim ('exp') is too far in the future",
  iatInvalid: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
  issuerUnknown: "Integration not found",
} as const;

/** GitHub accepts an `iat` up to this far ahead of its own clock (it recommends iat = now - 60 s). */
const IAT_SKEW_SECONDS = 60;
const MAX_LIFETIME_SECONDS = 600;

/** Checks an App JWT the way GitHub does: RS256 with the App's key, issuer, and lifetime rules. */
export function verifyAppJwt(
  jwt: string,
  app: { id: number; clientId: string; publicKey: KeyObject },
  nowMs: number,
): { ok: true } | { ok: false; message: string } {
  const parts = jwt.split(".");
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    return { ok: false, message: JWT_MESSAGES.undecodable };
  }
  const head = parseSegment(header);
  const claims = parseSegment(payload);
  if (head === undefined || claims === undefined || head["alg"] !== "RS256") {
    return { ok: false, message: JWT_MESSAGES.undecodable };
  }
  const signed = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), app.publicKey, Buffer.from(signature, "base64url"));
  if (!signed) return { ok: false, message: JWT_MESSAGES.undecodable };

  const iss = claims["iss"];
  if (String(iss) !== String(app.id) && iss !== app.clientId) return { ok: false, message: JWT_MESSAGES.issuerUnknown };
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== "number" || !Number.isInteger(iat) || iat > now + IAT_SKEW_SECONDS) {
    return { ok: false, message: JWT_MESSAGES.iatInvalid };
  }
  if (typeof exp !== "number" || exp <= now) return { ok: false, message: JWT_MESSAGES.expInvalid };
  if (exp - iat > MAX_LIFETIME_SECONDS || exp > now + MAX_LIFETIME_SECONDS + IAT_SKEW_SECONDS) {
    return { ok: false, message: JWT_MESSAGES.expTooFar };
  }
  return { ok: true };
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
