import sodium from "libsodium-wrappers";
import type { Permission } from "../authenticate-request.js";
import { answerError, type RouteTable } from "../route-table.js";
import type { SimContext } from "../sim-context.js";
import { withBatchRepo } from "./batch-access.js";
import type { BatchSimState } from "./batch-sim-state.js";

const SECRETS_READ: Permission = { name: "secrets", level: "read" };
const SECRETS_WRITE: Permission = { name: "secrets", level: "write" };

/** The simulator's one Curve25519 key pair (GitHub keeps one per repository; one is enough here). */
export interface SecretsKey {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

export async function createSecretsKey(): Promise<SecretsKey> {
  await sodium.ready;
  const pair = sodium.crypto_box_keypair();
  return { keyId: "568250167242549743", publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/**
 * The repository secrets API: the public key, and PUT with an `encrypted_value` that must be a
 * libsodium sealed box for that key. The simulator opens it, as GitHub does, and refuses (422)
 * a value it cannot open or a stale `key_id`, so a client that encrypts wrongly fails here.
 */
export function addBatchSecretRoutes(routes: RouteTable, context: SimContext, batch: BatchSimState, key: SecretsKey): void {
  routes.add("GET", "/repos/{owner}/{repo}/actions/secrets/public-key", (request) =>
    withBatchRepo(context, batch, request, SECRETS_READ, () => ({
      status: 200,
      body: { key_id: key.keyId, key: Buffer.from(key.publicKey).toString("base64") },
    })),
  );
  routes.add("PUT", "/repos/{owner}/{repo}/actions/secrets/{secret_name}", (request) =>
    withBatchRepo(context, batch, request, SECRETS_WRITE, ({ batchRepo }) => {
      const body = request.body as { encrypted_value: string; key_id: string };
      const name = (request.params["secret_name"] ?? "").toUpperCase();
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith("GITHUB_")) return answerError(422, "Secret names can only contain alphanumeric characters or underscores and must not start with GITHUB_");
      if (body.key_id !== key.keyId) return answerError(422, "Bad key_id");
      let value: string;
      try {
        value = Buffer.from(sodium.crypto_box_seal_open(Buffer.from(body.encrypted_value, "base64"), key.publicKey, key.privateKey)).toString("utf8");
      } catch {
        return answerError(422, "encrypted_value is not a sealed box for this repository's public key");
      }
      const existed = batchRepo.secrets.has(name);
      batchRepo.secrets.set(name, { value, updatedAt: context.clock.iso() });
      return existed ? { status: 204 } : { status: 201, body: {} };
    }),
  );
}
