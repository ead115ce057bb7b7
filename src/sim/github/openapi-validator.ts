import type { ErrorObject } from "ajv";
import { isRecord } from "./is-record.js";
import { escapePointer, loadOpenApiSpec, type OpenApiSpec } from "./load-openapi-spec.js";
import { compilePathTemplate, matchPathTemplate, type PathTemplate } from "./match-path-template.js";

/** The request as the validator needs it. */
export interface RequestToCheck {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON, or undefined when no body was sent. */
  readonly body: unknown;
}

/**
 * Checks requests and answers against GitHub's OpenAPI description. Problems are short sentences
 * (`body/labels must NOT have fewer than 1 items`); the caller prefixes method and path.
 */
export interface OpenApiValidator {
  /** `operation` is the spec's path template, null when no operation matches. */
  checkRequest(request: RequestToCheck): { operation: string | null; problems: string[]; bodyProblems: string[] };
  checkResponse(answer: { method: string; operation: string; status: number; body: unknown }): string[];
}

const MAX_PROBLEMS = 10;

export function createOpenApiValidator(): OpenApiValidator {
  const spec = loadOpenApiSpec();
  const templatesByMethod = new Map<string, PathTemplate[]>();
  const templatesFor = (method: string): PathTemplate[] => {
    const existing = templatesByMethod.get(method);
    if (existing !== undefined) return existing;
    const templates = Object.entries(spec.paths)
      .filter(([, item]) => isRecord(item) && item[method] !== undefined)
      .map(([template]) => compilePathTemplate(template));
    templatesByMethod.set(method, templates);
    return templates;
  };

  return {
    checkRequest(request) {
      const method = request.method.toLowerCase();
      const found = matchPathTemplate(templatesFor(method), request.path);
      if (found === undefined) {
        return { operation: null, problems: ["no such operation in GitHub's OpenAPI description"], bodyProblems: [] };
      }
      const operationPointer = `/paths/${escapePointer(found.template.template)}/${method}`;
      const problems = checkParameters(spec, operationPointer, found.params, request.query);
      const bodyProblems = checkBody(spec, operationPointer, request.body);
      return { operation: found.template.template, problems: [...problems, ...bodyProblems], bodyProblems };
    },
    checkResponse({ method, operation, status, body }) {
      const responsePointer = `/paths/${escapePointer(operation)}/${method.toLowerCase()}/responses/${status}`;
      const response = spec.resolve(responsePointer);
      // Error statuses GitHub sends without documenting them (a runner GET's 404) are real; only an
      // undocumented success means the simulator drifted.
      if (response.value === undefined) return status < 400 ? [`response ${status} is not documented for this operation`] : [];
      const schema = spec.resolve(`${response.pointer}/content/application~1json/schema`);
      if (schema.value === undefined) {
        return body === undefined || body === "" ? [] : [`response ${status} must have no body`];
      }
      return describe(spec.compile(schema.pointer), body, `response ${status}`);
    },
  };
}

function checkParameters(
  spec: OpenApiSpec,
  operationPointer: string,
  pathParams: Record<string, string>,
  query: URLSearchParams,
): string[] {
  const declared = spec.resolve(`${operationPointer}/parameters`).value;
  const count = Array.isArray(declared) ? declared.length : 0;
  const problems: string[] = [];
  const known = new Set<string>();
  for (let index = 0; index < count; index += 1) {
    const parameter = spec.resolve(`${operationPointer}/parameters/${index}`);
    if (!isRecord(parameter.value)) continue;
    const { name, in: location, required } = parameter.value;
    if (typeof name !== "string" || (location !== "path" && location !== "query")) continue;
    if (location === "query") known.add(name);
    const raw = location === "path" ? pathParams[name] : (query.get(name) ?? undefined);
    if (raw === undefined) {
      if (required === true) problems.push(`${location}/${name} is required`);
      continue;
    }
    const schema = spec.resolve(`${parameter.pointer}/schema`);
    if (schema.value === undefined) continue;
    problems.push(...describe(spec.compile(schema.pointer), coerce(raw, schema.value), `${location}/${name}`));
  }
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) problems.push(`query/${name} is not a parameter of this operation`);
  }
  return problems;
}

function checkBody(spec: OpenApiSpec, operationPointer: string, body: unknown): string[] {
  const requestBody = spec.resolve(`${operationPointer}/requestBody`);
  if (!isRecord(requestBody.value)) {
    const empty = body === undefined || (isRecord(body) && Object.keys(body).length === 0);
    return empty ? [] : ["body is not accepted by this operation"];
  }
  if (body === undefined) return requestBody.value["required"] === true ? ["body is required"] : [];
  const schema = spec.resolve(`${requestBody.pointer}/content/application~1json/schema`);
  if (schema.value === undefined) return ["body must not be JSON for this operation"];
  return describe(spec.compile(schema.pointer), body, "body");
}

/** Query and path values arrive as text; the spec types them, so convert where the text fits. */
function coerce(raw: string, schema: unknown): unknown {
  const type = isRecord(schema) ? schema["type"] : undefined;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function describe(validate: (data: unknown) => boolean, data: unknown, where: string): string[] {
  if (validate(data)) return [];
  const errors: ErrorObject[] = (validate as { errors?: ErrorObject[] | null }).errors ?? [];
  const lines = [...new Set(errors.map((error) => `${where}${error.instancePath} ${error.message ?? "is invalid"}`))];
  return lines.length > MAX_PROBLEMS ? [...lines.slice(0, MAX_PROBLEMS), `${where}: ${lines.length - MAX_PROBLEMS} more problems`] : lines;
}
