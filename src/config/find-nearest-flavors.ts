import { FLAVORS } from "./flavors.js";

/** Levenshtein distance; flavor names are short, so the quadratic table is cheap. */
function measureDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * How far `wanted` is from `name`: the edit distance, or one more than the distance to the name's
 * start, so a truncated name (`a100`, `cpu`) finds the flavors it begins.
 */
function measureNearness(wanted: string, name: string): number {
  return Math.min(measureDistance(wanted, name), measureDistance(wanted, name.slice(0, wanted.length)) + 1);
}

/** The `count` catalogue flavors whose names are closest to `name`, nearest first (ties by name). */
export function findNearestFlavors(name: string, count = 3): string[] {
  const wanted = name.toLowerCase();
  return FLAVORS.map((flavor) => ({ name: flavor.name, distance: measureNearness(wanted, flavor.name) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((entry) => entry.name);
}
