import { isRecord } from "./is-record.js";

/**
 * Places where @octokit/openapi's description contradicts GitHub's real answers, each corrected
 * so the validator flags the simulator's drift rather than the description's.
 */
const ERRATA: readonly { path: readonly string[]; replacement: unknown; why: string }[] = [
  {
    // `GET /app/installations` inlines the installation with `account: allOf[simple-user,
    // enterprise]` (both at once, impossible for any account); the `installation` component,
    // which `GET /app/installations/{id}` uses for the same object, says anyOf.
    path: ["paths", "/app/installations", "get", "responses", "200", "content", "application/json", "schema", "items", "properties", "account"],
    replacement: { nullable: true, anyOf: [{ $ref: "#/components/schemas/simple-user" }, { $ref: "#/components/schemas/enterprise" }] },
    why: "account is a user or an enterprise, not both",
  },
];

export function applyOpenApiErrata(document: unknown): void {
  for (const { path, replacement } of ERRATA) {
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), document);
    const last = path.at(-1);
    if (isRecord(parent) && last !== undefined && parent[last] !== undefined) parent[last] = structuredClone(replacement);
  }
}
