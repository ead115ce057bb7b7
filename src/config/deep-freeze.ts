function refuseMutation(): never {
  throw new TypeError("the configuration is frozen");
}

/**
 * Freezes `value` and everything reachable from it. `Object.freeze` leaves a Set's or Map's
 * entries mutable, so their mutators are replaced by ones that throw before freezing.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      deepFreeze(key);
      deepFreeze(entry);
    }
    Object.defineProperties(value, { set: { value: refuseMutation }, delete: { value: refuseMutation }, clear: { value: refuseMutation } });
  } else if (value instanceof Set) {
    for (const entry of value) deepFreeze(entry);
    Object.defineProperties(value, { add: { value: refuseMutation }, delete: { value: refuseMutation }, clear: { value: refuseMutation } });
  }
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
