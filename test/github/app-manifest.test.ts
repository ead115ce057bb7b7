import { afterEach, describe, expect, it } from "vitest";
import { buildAppManifest, convertManifestCode } from "../../src/github/app-manifest.js";
import { startGitHubStub, type GitHubStub } from "../support/github-stub.js";

let stub: GitHubStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe("buildAppManifest", () => {
  it("points the webhook and the redirect at the public URL and asks for the runner permissions", () => {
    const manifest = buildAppManifest({ name: "offload-acme", publicUrl: "https://offload.example.org/", scope: "repo" });
    expect(manifest).toMatchObject({
      name: "offload-acme",
      url: "https://offload.example.org",
      hook_attributes: { url: "https://offload.example.org/webhook", active: true },
      redirect_url: "https://offload.example.org/setup/callback",
      public: false,
      default_events: ["workflow_job"],
      default_permissions: {
        administration: "write",
        organization_self_hosted_runners: "write",
        actions: "write",
        checks: "write",
        metadata: "read",
      },
    });
  });

  it("asks for the same permissions whichever runner scope is configured", () => {
    const repo = buildAppManifest({ name: "o", publicUrl: "https://x", scope: "repo" });
    const org = buildAppManifest({ name: "o", publicUrl: "https://x", scope: "org" });
    expect(org.default_permissions).toEqual(repo.default_permissions);
  });
});

describe("convertManifestCode", () => {
  it("exchanges a code for the App's id, key and webhook secret without credentials or a body", async () => {
    stub = await startGitHubStub({ prefix: "/api/v3" });
    const app = await convertManifestCode(stub.url, "good-code");
    expect(app).toMatchObject({ appId: "777", slug: "offload-test", clientId: "Iv1.abc", htmlUrl: "https://github.com/apps/offload-test" });
    expect(app.pem.reveal()).toBe(stub.privateKeyPem);
    expect(app.webhookSecret.reveal()).toBe("whsec");
    expect(JSON.stringify(app)).not.toContain("whsec");
    const [call] = stub.requests;
    expect(call?.path).toBe("/api/v3/app-manifests/good-code/conversions");
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.headers["content-length"] ?? "0").toBe("0");
  });
});
