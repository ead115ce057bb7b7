import type { KubeObject, SimResource } from "./kube-object.js";
import { podKey, waitForStore, type SimCluster } from "./sim-cluster.js";

export type Propagation = "Foreground" | "Background" | "Orphan";

/**
 * A DELETE as the API server and garbage collector carry it out (Kubernetes docs, "Garbage
 * Collection" and "Use Cascading Deletion"): Orphan strips the owner reference from dependents;
 * Background removes the object now and its dependents after; Foreground marks the object
 * (deletionTimestamp, finalizer `foregroundDeletion`), removes its dependents, then the object.
 * A pod is removed once its container has stopped. Returns the object as the server last saw it,
 * and whether it is gone already.
 */
export async function deleteKubeObject(cluster: SimCluster, resource: SimResource, object: KubeObject, propagation: Propagation): Promise<{ object: KubeObject; gone: boolean }> {
  const { uid } = object.metadata;
  if (object.metadata.deletionTimestamp !== undefined) return { object, gone: false };
  if (propagation === "Orphan") {
    for (const dependent of cluster.store.dependentsOf(uid)) {
      cluster.store.update(dependent.resource, dependent.object.metadata.namespace, dependent.object.metadata.name, (o) => {
        o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
      });
    }
    return { object: removeNow(cluster, resource, object), gone: true };
  }
  if (propagation === "Background") {
    const removed = resource === "pods" ? markDeleting(cluster, resource, object, []) : removeNow(cluster, resource, object);
    void finishDeletion(cluster, resource, removed, "Background");
    return { object: removed, gone: resource !== "pods" };
  }
  const marked = markDeleting(cluster, resource, object, ["foregroundDeletion"]);
  void finishDeletion(cluster, resource, marked, "Foreground");
  return { object: marked, gone: false };
}

async function finishDeletion(cluster: SimCluster, resource: SimResource, object: KubeObject, propagation: "Foreground" | "Background"): Promise<void> {
  const { namespace, name, uid } = object.metadata;
  // Let the caller see the marked object before the collector acts, as on a real cluster.
  await new Promise((resolve) => setImmediate(resolve));
  const dependents = cluster.store.dependentsOf(uid);
  await Promise.all(dependents.map(async (d) => {
    const current = cluster.store.get(d.resource, d.object.metadata.namespace, d.object.metadata.name);
    if (current !== undefined) await settle(deleteKubeObject(cluster, d.resource, current, propagation));
  }));
  if (propagation === "Foreground") await waitGone(cluster, dependents);
  if (resource === "pods") await cluster.containers.get(podKey(namespace, name))?.done;
  if (cluster.store.get(resource, namespace, name)?.metadata.uid === uid) cluster.store.remove(resource, namespace, name);
}

function markDeleting(cluster: SimCluster, resource: SimResource, object: KubeObject, finalizers: string[]): KubeObject {
  const { namespace, name } = object.metadata;
  const updated = cluster.store.update(resource, namespace, name, (o) => {
    o.metadata.deletionTimestamp = cluster.store.iso();
    o.metadata.deletionGracePeriodSeconds = 0;
    o.metadata.finalizers = [...(o.metadata.finalizers ?? []), ...finalizers];
  });
  if (resource === "pods") cluster.containers.get(podKey(namespace, name))?.abort.abort(new Error("pod deleted"));
  return updated ?? object;
}

function removeNow(cluster: SimCluster, resource: SimResource, object: KubeObject): KubeObject {
  return cluster.store.remove(resource, object.metadata.namespace, object.metadata.name) ?? object;
}

async function waitGone(cluster: SimCluster, dependents: Array<{ resource: SimResource; object: KubeObject }>): Promise<void> {
  const gone = (): boolean => dependents.every((d) => cluster.store.get(d.resource, d.object.metadata.namespace, d.object.metadata.name)?.metadata.uid !== d.object.metadata.uid);
  await waitForStore(cluster, gone, cluster.closing.signal).catch(() => undefined);
}

async function settle(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

/**
 * The collector's other half: a dependent whose owners no longer exist (created after its owner
 * was deleted, or the owner's uid never existed) is removed in the background.
 */
export function collectOrphan(cluster: SimCluster, resource: SimResource, object: KubeObject): void {
  const owners = object.metadata.ownerReferences ?? [];
  if (owners.length === 0 || owners.some((owner) => cluster.store.existsUid(owner.uid))) return;
  setImmediate(() => {
    const current = cluster.store.get(resource, object.metadata.namespace, object.metadata.name);
    if (current !== undefined && current.metadata.uid === object.metadata.uid) void settle(deleteKubeObject(cluster, resource, current, "Background"));
  });
}
