import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SETUP_CREDENTIALS_FILE } from "../../config/read-setup-credentials.js";
import type { Secret } from "../../config/secret.js";

/** What the manifest flow produced and the config loader reads back on the next start. */
export interface SetupCredentials {
  readonly appId: string;
  readonly privateKey: Secret;
  readonly webhookSecret: Secret;
  /** Kept beside the secrets so a person reading the file knows which App it is. */
  readonly slug: string;
  readonly htmlUrl: string;
}

/**
 * Writes `<dataDir>/setup-credentials.json`, readable by this user only: the directory becomes
 * 0700 and the file is created 0600 under a temporary name, then renamed over the old one, so no
 * reader ever sees half a key and no other user ever sees any of it.
 */
export async function storeSetupCredentials(dataDir: string, credentials: SetupCredentials, at: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory (the ledger may have made it 0755) as it was.
  await chmod(dataDir, 0o700);
  const path = join(dataDir, SETUP_CREDENTIALS_FILE);
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const document = {
    GH_APP_ID: credentials.appId,
    GH_APP_PRIVATE_KEY: credentials.privateKey.reveal(),
    GH_WEBHOOK_SECRET: credentials.webhookSecret.reveal(),
    app: { slug: credentials.slug, htmlUrl: credentials.htmlUrl, storedAt: at },
  };
  try {
    await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
