import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

/** The resources the stand-in serves, by their REST collection name. */
export const SIM_RESOURCES = ["jobs", "pods", "secrets"] as const;
export type SimResource = (typeof SIM_RESOURCES)[number];

/** Any stored object: kind, metadata (always with name, namespace and uid) and the rest as sent. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: IIoK8sApimachineryPkgApisMetaV1ObjectMeta & { name: string; namespace: string; uid: string };
  [field: string]: unknown;
}

/** A plain-JSON copy, so callers never hold the store's own objects. */
export function cloneObject<T>(object: T): T {
  return structuredClone(object);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
