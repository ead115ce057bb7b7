import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";

let shared: { privateKeyPem: string; publicKey: KeyObject } | undefined;

/** One App key pair per test process (RSA generation is slow); the PEM is PKCS#1, as GitHub issues it. */
export function sharedAppKeyPair(): { privateKeyPem: string; publicKey: KeyObject } {
  if (!shared) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    shared = { privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey };
  }
  return shared;
}

/** The stub's JWT check: RS256 signature, `iss` = App id, `exp` ahead and at most 10 min after `iat`. */
export function checkAppJwt(jwt: string, appId: number, publicKey: KeyObject, nowMs: number): string | null {
  const [header, payload, signature] = jwt.split(".");
  if (header === undefined || payload === undefined || signature === undefined) return "A JSON web token could not be decoded";
  if (!verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url"))) {
    return "A JSON web token could not be decoded";
  }
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iat?: unknown; exp?: unknown; iss?: unknown };
  const now = Math.floor(nowMs / 1000);
  if (claims.iss !== appId) return "Integration not found";
  if (typeof claims.exp !== "number" || claims.exp <= now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (typeof claims.iat !== "number" || claims.iat > now + 60 || claims.exp - claims.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
  return null;
}
