import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Secret } from "../config/secret.js";

export const SESSION_COOKIE = "offload_session";

/**
 * The login cookie's value: an HMAC keyed by the admin token, so the cookie never holds the token
 * (a stolen cookie does not reveal it) and every session ends when the token is rotated.
 */
export function deriveSessionValue(token: Secret): string {
  return createHmac("sha256", token.reveal()).update("offload dashboard session v1").digest("base64url");
}

/** Compares in constant time; hashing first makes the lengths equal, as timingSafeEqual needs. */
export function equalsSecretly(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** One cookie's value from a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

/**
 * `Set-Cookie` for a session (or, with null, its removal). HttpOnly: scripts cannot read it;
 * SameSite=Strict: no other site can make a browser send it; Secure whenever served over https.
 */
export function buildSessionCookie(value: string | null, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${value ?? ""}`, "Path=/", "HttpOnly", "SameSite=Strict", value === null ? "Max-Age=0" : "Max-Age=2592000"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
