import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { applyOpenApiErrata } from "./openapi-errata.js";
import { isRecord } from "./is-record.js";

/** GitHub's REST description, parsed once, with a schema compiler that resolves its `$ref`s. */
export interface OpenApiSpec {
  readonly paths: Readonly<Record<string, unknown>>;
  /** Follows a JSON pointer (`/paths/~1app/get`) through the document, resolving `$ref`s on the way. */
  resolve(pointer: string): { pointer: string; value: unknown };
  /** A validator for the schema at `pointer`, compiled on first use and cached. */
  compile(pointer: string): ValidateFunction;
}

const SCHEMA_ID = "github-openapi";
let loaded: OpenApiSpec | undefined;

/**
 * Loads `@octokit/openapi`'s api.github.com description (13 MB, about half a second) the first
 * time a simulator needs it; later simulators in the same process share it and its compiled
 * validators.
 */
export function loadOpenApiSpec(): OpenApiSpec {
  loaded ??= createSpec();
  return loaded;
}

function createSpec(): OpenApiSpec {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  const document = JSON.parse(readFileSync(file, "utf8")) as { paths: Record<string, unknown>; components: unknown };
  applyOpenApiErrata(document);
  rewriteNullable(document);
  // `strict: false` lets Ajv skip OpenAPI's own keywords (example, discriminator, x-github);
  // OpenAPI 3.0's `nullable` is understood natively.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormatsModule.default(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, paths: document.paths, components: document.components });
  const compiled = new Map<string, ValidateFunction>();

  const walk = (pointer: string): unknown =>
    pointer
      .split("/")
      .slice(1)
      .reduce<unknown>((node, part) => child(node, unescapePointer(part)), document);

  // Follows `$ref`s so callers compile a schema where it really lives (its own refs then resolve).
  const follow = (node: unknown, at: string): { value: unknown; pointer: string } => {
    let current = { value: node, pointer: at };
    for (let hops = 0; hops < 20; hops += 1) {
      const ref = isRecord(current.value) ? current.value["$ref"] : undefined;
      if (typeof ref !== "string" || !ref.startsWith("#/")) break;
      current = { value: walk(ref.slice(1)), pointer: ref.slice(1) };
    }
    return current;
  };

  const resolve = (pointer: string): { pointer: string; value: unknown } => {
    let current = { value: document as unknown, pointer: "" };
    for (const part of pointer.split("/").slice(1)) {
      const here = follow(current.value, current.pointer);
      current = {
        value: child(here.value, unescapePointer(part)),
        pointer: `${here.pointer}/${part}`,
      };
    }
    return follow(current.value, current.pointer);
  };

  return {
    paths: document.paths,
    resolve,
    compile(pointer) {
      const existing = compiled.get(pointer);
      if (existing !== undefined) return existing;
      const validate = ajv.compile({ $ref: `${SCHEMA_ID}#${pointer}` });
      compiled.set(pointer, validate);
      return validate;
    },
  };
}

/** Escapes one key for a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * OpenAPI 3.0 puts `nullable: true` beside `allOf`/`anyOf`/`$ref` as well as beside `type`; Ajv
 * only accepts the latter, so the others become `anyOf: [<schema>, { type: "null" }]`. A nullable
 * `enum` must also list null for Ajv to accept it.
 */
function rewriteNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(rewriteNullable);
    return;
  }
  if (!isRecord(node)) return;
  Object.values(node).forEach(rewriteNullable);
  if (node["nullable"] !== true) return;
  const allowed = node["enum"];
  if (Array.isArray(allowed) && !allowed.includes(null)) allowed.push(null);
  if (node["type"] !== undefined) return;
  const inner: Record<string, unknown> = { ...node };
  delete inner["nullable"];
  for (const key of Object.keys(node)) delete node[key];
  node["anyOf"] = [inner, { type: "null" }];
}

/** A key of an object or an index of an array, as JSON pointers address both. */
function child(node: unknown, key: string): unknown {
  if (Array.isArray(node)) return /^\d+$/.test(key) ? (node as unknown[])[Number(key)] : undefined;
  return isRecord(node) ? node[key] : undefined;
}
