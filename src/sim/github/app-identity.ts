import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { manifestPermissions } from "../../github/needed-permissions.js";

/** The one GitHub App the simulator hosts. */
export interface SimApp {
  id: number;
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  /** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), as GitHub hands it out. */
  privateKeyPem: string;
  publicKey: KeyObject;
  webhookSecret: string;
  permissions: Record<string, "read" | "write">;
  events: string[];
  readonly createdAt: string;
}

/** An App as offload's setup wizard creates it: exactly the permissions its manifest asks for. */
export const DEFAULT_APP_PERMISSIONS: Readonly<Record<string, "read" | "write">> = manifestPermissions();

export function createAppIdentity(createdAt: string): SimApp {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    id: 1_024_000 + randomBytes(2).readUInt16BE(0),
    slug: "offload-sim",
    name: "offload-sim",
    clientId: `Iv23li${randomBytes(7).toString("hex")}`,
    clientSecret: randomBytes(20).toString("hex"),
    privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKey,
    webhookSecret: randomBytes(16).toString("hex"),
    permissions: { ...DEFAULT_APP_PERMISSIONS },
    events: ["workflow_job"],
    createdAt,
  };
}
