import { createPrivateKey } from "node:crypto";

/**
 * The App's PEM private key from GH_APP_PRIVATE_KEY. Secret stores often flatten the PEM to one
 * line with literal `\n`: when there is no real newline, those become newlines (as the reference
 * dispatcher does). Returns the PEM, or null when node:crypto cannot read it as a private key.
 */
export function parsePrivateKey(text: string): string | null {
  const pem = !text.includes("\n") && text.includes("\\n") ? text.replaceAll("\\n", "\n") : text;
  try {
    createPrivateKey(pem);
    return pem;
  } catch {
    // The reason from OpenSSL can quote key material, so it is dropped on purpose.
    return null;
  }
}
