import { describe, expect, it } from "vitest";
import { buildAppManifest } from "../../src/github/app-manifest.js";
import { appPermissionsUrl, installationSettingsUrl } from "../../src/github/app-settings-urls.js";
import { describePermissionGap, findPermissionGaps, NEEDED_PERMISSIONS } from "../../src/github/needed-permissions.js";

const FULL = { administration: "write", organization_self_hosted_runners: "write", actions: "write", checks: "write", metadata: "read" };

describe("the permissions offload needs", () => {
  it("are exactly what the manifest asks for", () => {
    const manifest = buildAppManifest({ name: "o", publicUrl: "https://x", scope: "repo" });
    expect(manifest.default_permissions).toEqual(Object.fromEntries(NEEDED_PERMISSIONS.map((p) => [p.name, p.level])));
    expect(manifest.default_permissions).toEqual(FULL);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ["an installation with everything", FULL, []],
    ["an organisation's installation without repository administration", { ...FULL, administration: "read" }, []],
    ["a user's installation without organisation runners", { administration: "write", actions: "write", checks: "write", metadata: "read" }, []],
    ["an installation with admin where write is needed", { ...FULL, administration: "admin" }, []],
    ["an App created before cancel needed actions: write", { ...FULL, actions: "read" }, ["actions: write"]],
    ["an installation that may register no runners", { actions: "write", checks: "write", metadata: "read" }, ["administration: write (or organization_self_hosted_runners: write)"]],
    ["an installation with metadata only", { metadata: "read" }, ["administration: write (or organization_self_hosted_runners: write)", "actions: write", "checks: write"]],
  ])("finds what %s lacks", (_name, granted, needed) => {
    expect(findPermissionGaps(granted).map((gap) => gap.needed)).toEqual(needed);
  });

  it("says what a gap breaks and what was granted instead", () => {
    const [gap] = findPermissionGaps({ ...FULL, actions: "read" });
    expect(gap === undefined ? "" : describePermissionGap(gap)).toBe("actions: write (has read; needed for reading queued jobs and runs, and cancelling runs (offload cancel))");
  });
});

describe("the App's settings pages", () => {
  it.each([
    [{ login: "alice", type: "User" }, "https://github.com/settings/apps/offload-alice/permissions", "https://github.com/settings/installations/7"],
    [{ login: "acme", type: "Organization" }, "https://github.com/organizations/acme/settings/apps/offload-alice/permissions", "https://github.com/organizations/acme/settings/installations/7"],
  ])("are under the owner's settings (%o)", (owner, app, installation) => {
    expect(appPermissionsUrl("https://github.com/", owner, "offload-alice")).toBe(app);
    expect(installationSettingsUrl("https://github.com", owner, 7)).toBe(installation);
  });
});
