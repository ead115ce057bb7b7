import { z } from "zod";
import { FILE_KEYS, FileSchema } from "./read-config-file.js";

/** The JSON Schema fragment zod emits, as far as the reference reads it. */
interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly description?: string;
  readonly default?: unknown;
}

function describeType(node: SchemaNode): string {
  if (node.enum !== undefined) return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(" \\| ");
  if (node.anyOf !== undefined) return node.anyOf.map(describeType).join(" or ");
  if (node.type === "array") return `list of ${node.items === undefined ? "values" : describeType(node.items)}`;
  if (node.type === "object" && node.properties === undefined && typeof node.additionalProperties === "object") return `map of ${describeType(node.additionalProperties)}`;
  if (Array.isArray(node.type)) return node.type.join(" or ");
  return typeof node.type === "string" ? node.type : "any";
}

const ENV_BY_KEY: Readonly<Record<string, string>> = FILE_KEYS;
/** Map keys the loader turns into families of environment variables (read-config-file.ts). */
const ENV_FAMILIES: Readonly<Record<string, string>> = { runnerImages: "RUNNER_IMAGE_<KEY>", bootTimeouts: "OFFLOAD_BOOT_TIMEOUT_<FLAVOR>" };

function rows(properties: Readonly<Record<string, SchemaNode>>, prefix: string): string[] {
  const lines: string[] = [];
  for (const [key, node] of Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))) {
    const path = `${prefix}${key}`;
    const env = prefix === "" ? (ENV_BY_KEY[key] ?? ENV_FAMILIES[key]) : undefined;
    const notes = [node.description, node.default === undefined ? undefined : `default \`${JSON.stringify(node.default)}\``].filter((note) => note !== undefined).join("; ");
    lines.push(`| \`${path}\` | ${describeType(node)} | ${env === undefined ? "" : `\`${env}\``} | ${notes.replaceAll("|", "\\|").replaceAll("\n", " ")} |`);
    if (node.properties !== undefined) lines.push(...rows(node.properties, `${path}.`));
  }
  return lines;
}

/**
 * docs/offload-yaml.md, generated from the schema object the loader validates with (never by
 * hand, so sections other parts add appear as soon as they are in the schema). A test fails when
 * the file and this output differ; `npm run docs:config` rewrites it.
 */
export function renderConfigReference(): string {
  const schema = z.toJSONSchema(FileSchema, { unrepresentable: "any", io: "input" }) as SchemaNode;
  return [
    "# offload.yaml reference",
    "",
    "<!-- Generated from the schema in src/config/read-config-file.ts by `npm run docs:config`; do not edit by hand. -->",
    "",
    "`OFFLOAD_CONFIG=path/to/offload.yaml` points offload at the file. Every top-level key stands for the",
    "environment variable beside it; a variable that is set wins over the file, entry by entry, and both",
    "are checked by the same rules. Keys not listed here are refused with the list of known ones.",
    "",
    "| key | type | environment variable | notes |",
    "|---|---|---|---|",
    ...rows(schema.properties ?? {}, ""),
    "",
  ].join("\n");
}
