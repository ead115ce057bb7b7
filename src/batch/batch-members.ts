import { OffloadError } from "../errors/offload-error.js";

/** One member of a fan-out: its index (`OFFLOAD_BATCH_INDEX`, the `out/<index>/` folder) and matrix values. */
export interface BatchMember {
  readonly index: string;
  readonly values: Readonly<Record<string, string>>;
}

/** GitHub's limit: "A matrix can generate a maximum of 256 jobs per workflow run". */
export const MAX_MEMBERS = 256;

/**
 * `--array 1-100` or `--array 1,4,9` (ranges and single numbers, comma separated) into members
 * whose index is the number itself.
 */
export function parseArray(spec: string): BatchMember[] {
  const indexes: number[] = [];
  for (const part of spec.split(",").map((piece) => piece.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range !== null) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw usage(`--array '${spec}'`, "a range runs upwards, e.g. 1-100");
      if (to - from + 1 > MAX_MEMBERS) throw usage(`--array '${spec}'`, `at most ${MAX_MEMBERS} members (GitHub's matrix limit)`);
      for (let index = from; index <= to; index += 1) indexes.push(index);
    } else if (/^\d+$/.test(part)) {
      indexes.push(Number(part));
    } else {
      throw usage(`--array '${spec}'`, "ranges and numbers such as 1-100 or 1,3,5");
    }
  }
  return finish([...new Set(indexes)].map((index) => ({ index: String(index), values: {} })), `--array '${spec}'`);
}

/**
 * `--matrix key=a,b,c` (repeatable) into the cross product of the keys' values, numbered
 * from 1 in the order the values were given.
 */
export function parseMatrix(specs: readonly string[]): BatchMember[] {
  let combos: Record<string, string>[] = [{}];
  for (const spec of specs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(spec);
    if (match === null) throw usage(`--matrix '${spec}'`, "key=value,value,... with a key of letters, digits and _");
    const [, key = "", list = ""] = match;
    const values = list.split(",").map((value) => value.trim()).filter((value) => value !== "");
    if (key.toLowerCase() === "index") throw usage(`--matrix '${spec}'`, "a key other than 'index', which offload sets");
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  }
  return finish(combos.map((values, position) => ({ index: String(position + 1), values })), "--matrix");
}

function finish(members: BatchMember[], where: string): BatchMember[] {
  if (members.length === 0) throw usage(where, "at least one member");
  if (members.length > MAX_MEMBERS) throw usage(where, `at most ${MAX_MEMBERS} members (GitHub's matrix limit), got ${members.length}`);
  return members;
}

function usage(what: string, expected: string): OffloadError {
  return new OffloadError("OFFLOAD_BATCH_USAGE", `Invalid ${what} in offload batch: expected ${expected}`);
}
