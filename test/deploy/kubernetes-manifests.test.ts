import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { Namespace, PersistentVolumeClaim, Service, ServiceAccount } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { z } from "zod";

const run = promisify(execFile);
const ROOT = new URL("../../", import.meta.url);

/** Every kind the overlays may hold, with the class whose validate() checks it against the Kubernetes schema. */
const MODELS: Readonly<Record<string, new (data: never) => { validate(): void }>> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/Service": Service,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

async function render(path: string): Promise<Manifest[]> {
  const { stdout } = await run("kubectl", ["kustomize", new URL(path, ROOT).pathname], { timeout: 30_000 });
  return parseAllDocuments(stdout).map((document) => document.toJS() as Manifest);
}

const find = <T>(objects: Manifest[], kind: string): T => objects.find((o) => o.kind === kind) as unknown as T;

describe("deploy/kubernetes", () => {
  for (const overlay of ["single", "ha"]) {
    it(`renders overlay ${overlay} with kubectl kustomize into objects the Kubernetes schemas accept`, async () => {
      const objects = await render(`deploy/kubernetes/overlays/${overlay}`);
      expect(objects.length).toBeGreaterThan(5);
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`];
        expect(Model, `${object.apiVersion} ${object.kind} ${object.metadata.name}`).toBeDefined();
        expect(() => new (Model as NonNullable<typeof Model>)(object as never).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
      }
      // Secrets by reference: no Secret object, every credential from a secretKeyRef.
      expect(objects.map((o) => o.kind)).not.toContain("Secret");
      const deployment = find<IDeployment>(objects, "Deployment");
      const container = deployment.spec?.template.spec?.containers[0];
      for (const name of ["GH_APP_PRIVATE_KEY", "GH_WEBHOOK_SECRET", "OFFLOAD_ADMIN_TOKEN"]) {
        expect(container?.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef, name).toBeDefined();
      }
      expect(container?.livenessProbe?.httpGet?.path).toBe("/healthz");
      expect(container?.readinessProbe?.httpGet?.path).toBe("/readyz");
      expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(["PodDisruptionBudget", "Service", "ServiceAccount", "NetworkPolicy", "Role", "RoleBinding"]));
    });
  }

  it("limits the dispatcher's Role to the runners' namespace and to what the provider does", async () => {
    const objects = await render("deploy/kubernetes/overlays/single");
    expect(objects.map((o) => o.kind)).not.toContain("ClusterRole");
    const role = find<IRole>(objects, "Role");
    expect(role.metadata?.namespace).toBe("offload-runners");
    const resources = (role.rules ?? []).flatMap((rule) => rule.resources ?? []).sort();
    expect(resources).toEqual(["jobs", "pods", "pods/log", "secrets"]);
    const deployment = find<IDeployment>(objects, "Deployment");
    const env = deployment.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env).toContainEqual({ name: "OFFLOAD_KUBERNETES_NAMESPACE", value: role.metadata?.namespace });
  });

  it("runs one replica on SQLite with a volume and Recreate, or several on PostgreSQL", async () => {
    const single = find<IDeployment>(await render("deploy/kubernetes/overlays/single"), "Deployment");
    expect(single.spec?.replicas).toBe(1);
    expect(single.spec?.strategy?.type).toBe("Recreate");
    expect(single.spec?.template.spec?.volumes?.find((v) => v.name === "data")).toEqual({ name: "data", persistentVolumeClaim: { claimName: "offload-data" } });
    const ha = find<IDeployment>(await render("deploy/kubernetes/overlays/ha"), "Deployment");
    expect(ha.spec?.replicas).toBeGreaterThan(1);
    expect(ha.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === "DATABASE_URL")?.valueFrom?.secretKeyRef).toEqual({ name: "offload-database", key: "url" });
    expect(ha.spec?.template.spec?.containers[0]?.env?.map((e) => e.name)).toContain("GH_APP_ID");
  });

  it("has an Argo CD Application whose path is an overlay that renders", async () => {
    // Application is a CRD (argoproj.io/v1alpha1): its required shape, checked by hand.
    const ApplicationSchema = z.object({
      apiVersion: z.literal("argoproj.io/v1alpha1"),
      kind: z.literal("Application"),
      metadata: z.object({ name: z.string().min(1), namespace: z.string().min(1) }),
      spec: z.object({
        project: z.string().min(1),
        source: z.object({ repoURL: z.string().url(), targetRevision: z.string().min(1), path: z.string().min(1) }),
        destination: z.object({ server: z.string().url(), namespace: z.string().min(1) }),
        syncPolicy: z.object({ automated: z.object({ prune: z.boolean(), selfHeal: z.boolean() }).optional() }).optional(),
      }),
    });
    const application = ApplicationSchema.parse(parse(await readFile(new URL("deploy/kubernetes/argocd/application.yaml", ROOT), "utf8")));
    const objects = await render(application.spec.source.path);
    expect(find<IDeployment>(objects, "Deployment").metadata?.namespace).toBe(application.spec.destination.namespace);
  });
});
