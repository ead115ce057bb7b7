import { createHmac, timingSafeEqual } from "node:crypto";
import type { Secret } from "../config/secret.js";

const HEADER = /^sha256=[0-9a-f]{64}$/;

/**
 * True when `header` (X-Hub-Signature-256) is `sha256=<hex HMAC-SHA256 of the raw body>` under one
 * of `secrets`: the current secret, or the next one while it is being rotated. Compared in
 * constant time; every secret is tried so the time does not tell which one matched.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, secrets: readonly Secret[]): boolean {
  if (header === undefined || !HEADER.test(header.toLowerCase())) return false;
  const given = Buffer.from(header.toLowerCase(), "utf8");
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(`sha256=${createHmac("sha256", secret.reveal()).update(rawBody).digest("hex")}`, "utf8");
    if (timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}
