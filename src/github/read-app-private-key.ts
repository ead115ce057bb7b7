import { createPrivateKey, type KeyObject } from "node:crypto";
import type { Secret } from "../config/secret.js";
import { OffloadError } from "../errors/offload-error.js";

/**
 * Parses the App's PEM once (PKCS#1 as GitHub issues it, or PKCS#8), so a bad key fails at start
 * with a clear error instead of on the first webhook. The error never repeats the key.
 */
export function readAppPrivateKey(privateKey: Secret): KeyObject {
  try {
    const key = createPrivateKey(privateKey.reveal());
    if (key.asymmetricKeyType !== "rsa") throw new Error(`key type ${key.asymmetricKeyType ?? "unknown"}`);
    return key;
  } catch (error) {
    throw new OffloadError(
      "OFFLOAD_GITHUB_AUTH",
      "GitHub App private key '[redacted]' in GH_APP_PRIVATE_KEY: expected an RSA private key in PEM form",
      {
        cause: new Error(error instanceof Error ? error.message : "unreadable key"),
        remedy: "Paste the .pem file GitHub generated for the App into GH_APP_PRIVATE_KEY (literal \\n line breaks are fine).",
      },
    );
  }
}
