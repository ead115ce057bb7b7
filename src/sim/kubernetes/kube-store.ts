import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Clock } from "../../clock/clock.js";
import { alreadyExists, notFound } from "./kube-status-error.js";
import { cloneObject, type KubeObject, type SimResource } from "./kube-object.js";

const GROUPS: Readonly<Record<SimResource, string>> = { jobs: "batch", pods: "", secrets: "" };

/**
 * Every object the stand-in holds, by resource, namespace and name, with the bookkeeping the real
 * API server does on write (uid, resourceVersion, creationTimestamp, generation). It emits
 * `change` after each write so controllers can wait on state instead of polling.
 */
export class KubeStore extends EventEmitter<{ change: [resource: SimResource, object: KubeObject, type: "ADDED" | "MODIFIED" | "DELETED"] }> {
  readonly #objects = new Map<string, KubeObject>();
  readonly #clock: Clock;
  #resourceVersion = 1000;

  constructor(clock: Clock) {
    super();
    this.#clock = clock;
  }

  get resourceVersion(): string {
    return String(this.#resourceVersion);
  }

  /** Stores a new object; a taken name is `AlreadyExists` (409), as on a real server. */
  create(resource: SimResource, object: KubeObject): KubeObject {
    const key = keyOf(resource, object.metadata.namespace, object.metadata.name);
    if (this.#objects.has(key)) throw alreadyExists(resource, GROUPS[resource], object.metadata.name);
    this.#resourceVersion += 1;
    const stored: KubeObject = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: object.metadata.uid === "" ? randomUUID() : object.metadata.uid,
        resourceVersion: String(this.#resourceVersion),
        creationTimestamp: secondsIso(this.#clock.now()),
        ...(resource === "jobs" ? { generation: 1 } : {}),
      },
    };
    this.#objects.set(key, stored);
    this.emit("change", resource, stored, "ADDED");
    return cloneObject(stored);
  }

  get(resource: SimResource, namespace: string, name: string): KubeObject | undefined {
    const found = this.#objects.get(keyOf(resource, namespace, name));
    return found === undefined ? undefined : cloneObject(found);
  }

  mustGet(resource: SimResource, namespace: string, name: string): KubeObject {
    const found = this.get(resource, namespace, name);
    if (found === undefined) throw notFound(resource, GROUPS[resource], name);
    return found;
  }

  list(resource: SimResource, namespace: string | null): KubeObject[] {
    return [...this.#objects.entries()]
      .filter(([key, object]) => key.startsWith(`${resource}/`) && (namespace === null || object.metadata.namespace === namespace))
      .map(([, object]) => cloneObject(object));
  }

  /** Every object, of any resource, whose owner references name `uid`. */
  dependentsOf(uid: string): Array<{ resource: SimResource; object: KubeObject }> {
    const found: Array<{ resource: SimResource; object: KubeObject }> = [];
    for (const [key, object] of this.#objects) {
      if ((object.metadata.ownerReferences ?? []).some((ref) => ref.uid === uid)) found.push({ resource: key.split("/")[0] as SimResource, object: cloneObject(object) });
    }
    return found;
  }

  existsUid(uid: string): boolean {
    return [...this.#objects.values()].some((object) => object.metadata.uid === uid);
  }

  /** Applies `change` to the stored object (if it still exists) and bumps its resourceVersion. */
  update(resource: SimResource, namespace: string, name: string, change: (object: KubeObject) => void): KubeObject | undefined {
    const stored = this.#objects.get(keyOf(resource, namespace, name));
    if (stored === undefined) return undefined;
    change(stored);
    this.#resourceVersion += 1;
    stored.metadata.resourceVersion = String(this.#resourceVersion);
    this.emit("change", resource, stored, "MODIFIED");
    return cloneObject(stored);
  }

  remove(resource: SimResource, namespace: string, name: string): KubeObject | undefined {
    const key = keyOf(resource, namespace, name);
    const stored = this.#objects.get(key);
    if (stored === undefined) return undefined;
    this.#objects.delete(key);
    this.#resourceVersion += 1;
    this.emit("change", resource, stored, "DELETED");
    return cloneObject(stored);
  }

  iso(): string {
    return secondsIso(this.#clock.now());
  }
}

function keyOf(resource: SimResource, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}

/** Kubernetes timestamps are RFC 3339 with second precision (metav1.Time). */
function secondsIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
