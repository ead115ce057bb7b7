import type { V1Secret } from "@kubernetes/client-node";
import type { Secret } from "../../config/secret.js";

/**
 * The Secret holding a runner's secrets (its JIT config), one key each. Its owner reference names
 * the Job's uid, so the garbage collector removes it with the Job (cancel, TTL, or a Job deleted
 * by hand) and a Secret whose Job is already gone is collected at once. Immutable: nothing edits it.
 * The values are revealed here and only here.
 */
export function buildRunnerSecret(options: {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly job: { readonly name: string; readonly uid: string };
  readonly secrets: Readonly<Record<string, Secret>>;
}): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    immutable: true,
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { ...options.labels },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: options.job.name, uid: options.job.uid, controller: true, blockOwnerDeletion: true }],
    },
    data: Object.fromEntries(Object.entries(options.secrets).map(([key, secret]) => [key, Buffer.from(secret.reveal(), "utf8").toString("base64")])),
  };
}
