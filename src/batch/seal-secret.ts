import sodium from "libsodium-wrappers";

/**
 * A libsodium sealed box of `value` for the repository's base64 public key, base64 encoded, as
 * `PUT /repos/{owner}/{repo}/actions/secrets/{name}` wants it (GitHub docs, "Encrypting secrets
 * for the REST API": crypto_box_seal with the key from `.../actions/secrets/public-key`).
 */
export async function sealSecret(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(Buffer.from(value, "utf8"), Buffer.from(publicKeyBase64, "base64"));
  return Buffer.from(sealed).toString("base64");
}
