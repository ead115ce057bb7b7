import { createSign, type KeyObject } from "node:crypto";
import type { Clock } from "../clock/clock.js";

/** GitHub's advice: `iat` 60 s in the past against clock drift; `exp` at most 10 min ahead. */
const ISSUED_BEFORE_SECONDS = 60;
const LIFETIME_SECONDS = 9 * 60;

/**
 * Signs the App JWT (RS256) with the injected clock, so a test clock and a simulator sharing it
 * agree on `iat`/`exp`. `timeDifferenceSeconds` is auth-app's correction after GitHub answered
 * that our clock is off. Only the JWT leaves this function, never the key.
 */
export function signAppJwt(input: {
  appId: string;
  key: KeyObject;
  clock: Clock;
  timeDifferenceSeconds?: number | undefined;
}): { jwt: string; expiresAt: string } {
  const now = Math.floor(input.clock.now() / 1000) + (input.timeDifferenceSeconds ?? 0);
  const exp = now + LIFETIME_SECONDS;
  // A numeric App id goes out as a number (as GitHub documents it); a client id stays a string.
  const iss = /^\d+$/.test(input.appId) ? Number(input.appId) : input.appId;
  const header = encodeSegment({ alg: "RS256", typ: "JWT" });
  const payload = encodeSegment({ iat: now - ISSUED_BEFORE_SECONDS, exp, iss });
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(input.key).toString("base64url");
  return { jwt: `${header}.${payload}.${signature}`, expiresAt: new Date(exp * 1000).toISOString() };
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
