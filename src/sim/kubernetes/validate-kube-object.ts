import { Job } from "kubernetes-models/batch/v1/Job";
import { Pod } from "kubernetes-models/v1/Pod";
import { Secret } from "kubernetes-models/v1/Secret";
import { isRecord, type SimResource } from "./kube-object.js";
import { KubeStatusError, type StatusCause } from "./kube-status-error.js";

const KINDS: Readonly<Record<SimResource, { kind: string; apiVersion: string; group: string; qualified: string }>> = {
  jobs: { kind: "Job", apiVersion: "batch/v1", group: "batch", qualified: "Job.batch" },
  pods: { kind: "Pod", apiVersion: "v1", group: "", qualified: "Pod" },
  secrets: { kind: "Secret", apiVersion: "v1", group: "", qualified: "Secret" },
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Refuses what the real API server refuses, as a 422 `Invalid` Status listing every cause: the
 * object against the Kubernetes OpenAPI schema (kubernetes-models' generated validators), then the
 * rules the server checks in code (apimachinery validation: names, label syntax; batch: restart
 * policy, images, volume mounts; core: env names, secret keys, base64 data).
 */
export function validateKubeObject(resource: SimResource, body: unknown): void {
  const expected = KINDS[resource];
  const name = isRecord(body) && isRecord(body["metadata"]) && typeof body["metadata"]["name"] === "string" ? body["metadata"]["name"] : "";
  const causes: StatusCause[] = [];
  if (!isRecord(body) || body["kind"] !== expected.kind || body["apiVersion"] !== expected.apiVersion) {
    throw new KubeStatusError(400, "BadRequest", `the body of the request was in an unknown format: expected ${expected.apiVersion} ${expected.kind}`);
  }
  causes.push(...schemaCauses(resource, body));
  causes.push(...metadataCauses(resource, body));
  if (resource === "jobs") causes.push(...jobCauses(body));
  if (resource === "pods" && isRecord(body["spec"])) causes.push(...podSpecCauses(body["spec"], "spec"));
  if (resource === "secrets") causes.push(...secretCauses(body));
  if (causes.length === 0) return;
  const list = causes.map((cause) => `${cause.field}: ${cause.message}`);
  const message = `${expected.qualified} "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(", ")}]`}`;
  throw new KubeStatusError(422, "Invalid", message, { name, group: expected.group, kind: expected.kind, causes });
}

function schemaCauses(resource: SimResource, body: Record<string, unknown>): StatusCause[] {
  const Model = resource === "jobs" ? Job : resource === "pods" ? Pod : Secret;
  try {
    // The constructors copy the data as given; validate() runs the schema's generated validator.
    new Model(body as never).validate();
    return [];
  } catch (error) {
    const errors = isRecord(error) && Array.isArray(error["errors"]) ? (error["errors"] as Array<{ instancePath?: string; message?: string }>) : [];
    if (errors.length === 0) return [{ reason: "FieldValueInvalid", message: error instanceof Error ? error.message : String(error), field: "<body>" }];
    return errors.map((e) => ({ reason: "FieldValueInvalid", message: `Invalid value: ${e.message ?? "invalid"}`, field: toFieldPath(e.instancePath ?? "") }));
  }
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image`. */
function toFieldPath(pointer: string): string {
  return pointer
    .split("/")
    .filter((part) => part !== "")
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");
}

function metadataCauses(resource: SimResource, body: Record<string, unknown>): StatusCause[] {
  const causes: StatusCause[] = [];
  const metadata = isRecord(body["metadata"]) ? body["metadata"] : {};
  const name = metadata["name"];
  if (typeof name !== "string" || name === "") {
    causes.push({ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" });
  } else if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({ reason: "FieldValueInvalid", message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`, field: "metadata.name" });
  } else if (resource === "jobs" && name.length > 63) {
    // The Job controller labels its pods with the job's name, and a label value holds 63 characters.
    causes.push({ reason: "FieldValueInvalid", message: `Invalid value: "${name}": must be no more than 63 characters`, field: "metadata.name" });
  }
  causes.push(...labelCauses(metadata["labels"], "metadata.labels"));
  const owners = Array.isArray(metadata["ownerReferences"]) ? metadata["ownerReferences"].filter(isRecord) : [];
  owners.forEach((owner, index) => {
    if (typeof owner["uid"] !== "string" || owner["uid"] === "") causes.push({ reason: "FieldValueInvalid", message: "Invalid value: \"\": uid must not be empty", field: `metadata.ownerReferences[${index}].uid` });
  });
  return causes;
}

function labelCauses(labels: unknown, field: string): StatusCause[] {
  if (!isRecord(labels)) return [];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const [prefix, name] = key.includes("/") ? [key.slice(0, key.indexOf("/")), key.slice(key.indexOf("/") + 1)] : ["", key];
    if ((prefix !== "" && !DNS_SUBDOMAIN.test(prefix)) || name.length > 63 || !LABEL_NAME.test(name)) {
      causes.push({ reason: "FieldValueInvalid", message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', at most 63`, field });
    }
    if (typeof value !== "string" || value.length > 63 || (value !== "" && !LABEL_NAME.test(value))) {
      causes.push({ reason: "FieldValueInvalid", message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', at most 63`, field: `${field}` });
    }
  }
  return causes;
}

function jobCauses(body: Record<string, unknown>): StatusCause[] {
  const spec = isRecord(body["spec"]) ? body["spec"] : {};
  const template = isRecord(spec["template"]) ? spec["template"] : {};
  const podSpec = isRecord(template["spec"]) ? template["spec"] : {};
  const causes = [...labelCauses(isRecord(template["metadata"]) ? template["metadata"]["labels"] : undefined, "spec.template.metadata.labels")];
  const restart = podSpec["restartPolicy"];
  if (restart !== "Never" && restart !== "OnFailure") {
    causes.push({ reason: "FieldValueNotSupported", message: `Unsupported value: "${String(restart ?? "Always")}": supported values: "OnFailure", "Never"`, field: "spec.template.spec.restartPolicy" });
  }
  return [...causes, ...podSpecCauses(podSpec, "spec.template.spec")];
}

function podSpecCauses(podSpec: Record<string, unknown>, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = Array.isArray(podSpec["containers"]) ? podSpec["containers"].filter(isRecord) : [];
  if (containers.length === 0) causes.push({ reason: "FieldValueRequired", message: "Required value", field: `${field}.containers` });
  const volumes = new Set((Array.isArray(podSpec["volumes"]) ? podSpec["volumes"].filter(isRecord) : []).map((volume) => volume["name"]));
  containers.forEach((container, index) => {
    const at = `${field}.containers[${index}]`;
    if (typeof container["name"] !== "string" || !DNS_LABEL.test(container["name"])) causes.push({ reason: "FieldValueInvalid", message: "Invalid value: a lowercase RFC 1123 label", field: `${at}.name` });
    if (typeof container["image"] !== "string" || container["image"] === "") causes.push({ reason: "FieldValueRequired", message: "Required value", field: `${at}.image` });
    for (const [i, env] of (Array.isArray(container["env"]) ? container["env"].filter(isRecord) : []).entries()) {
      if (typeof env["name"] !== "string" || !ENV_NAME.test(env["name"])) causes.push({ reason: "FieldValueInvalid", message: "Invalid value: a valid environment variable name", field: `${at}.env[${i}].name` });
    }
    for (const [i, mount] of (Array.isArray(container["volumeMounts"]) ? container["volumeMounts"].filter(isRecord) : []).entries()) {
      if (!volumes.has(mount["name"])) causes.push({ reason: "FieldValueNotFound", message: `Not found: "${String(mount["name"])}"`, field: `${at}.volumeMounts[${i}].name` });
    }
  });
  return causes;
}

function secretCauses(body: Record<string, unknown>): StatusCause[] {
  const data = isRecord(body["data"]) ? body["data"] : {};
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!SECRET_KEY.test(key)) causes.push({ reason: "FieldValueInvalid", message: `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`, field: `data[${key}]` });
    if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) causes.push({ reason: "FieldValueInvalid", message: "Invalid value: illegal base64 data", field: `data[${key}]` });
  }
  return causes;
}
