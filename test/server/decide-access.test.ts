import { describe, expect, it } from "vitest";
import { classifyPath, decideAccess, type AccessDecision, type Credential, type PathAccess } from "../../src/server/decide-access.js";

describe("classifyPath", () => {
  it.each<[string, boolean, PathAccess]>([
    ["/", true, "admin"],
    ["/", false, "open"],
    ["/jobs/12", true, "admin"],
    ["/api/jobs", false, "admin"],
    ["/api/events", false, "admin"],
    ["/api", false, "admin"],
    ["/dashboard/sections/pools", true, "admin"],
    ["/status", true, "status"],
    ["/webhook", false, "open"],
    ["/healthz", false, "open"],
    ["/readyz", false, "open"],
    ["/metrics", false, "open"],
    ["/login", true, "open"],
    ["/dashboard/assets/dashboard.css", true, "open"],
    ["/apis", false, "open"],
    ["/setup", true, "open"],
    ["/setup/callback", true, "open"],
  ])("treats %s (page: %s) as %s", (path, wantsHtml, expected) => {
    expect(classifyPath(path, wantsHtml)).toBe(expected);
  });

  it.each(["/setup", "/setup/start", "/setup/callback"])("guards %s once the dispatcher has its credentials", (path) => {
    expect(classifyPath(path, true, true)).toBe("admin");
  });
});

describe("decideAccess", () => {
  const base = { access: "admin" as PathAccess, tokenConfigured: true, publicStatus: false, credential: "none" as Credential, local: true, wantsHtml: false };
  it.each<[string, Partial<typeof base>, AccessDecision]>([
    ["lets anyone through an open path", { access: "open", local: false }, { kind: "allow", via: "public" }],
    ["lets a valid token in", { credential: "valid", local: false }, { kind: "allow", via: "token" }],
    ["refuses a wrong token even from loopback", { credential: "invalid" }, { kind: "unauthorized", credential: "invalid" }],
    ["refuses a missing token even from loopback", {}, { kind: "unauthorized", credential: "none" }],
    ["sends a browser without a session to the login form", { wantsHtml: true }, { kind: "login" }],
    ["sends a browser with a stale session to the login form", { wantsHtml: true, credential: "invalid" }, { kind: "login" }],
    ["lets loopback clients in when no token is configured", { tokenConfigured: false }, { kind: "allow", via: "loopback" }],
    ["refuses remote clients when no token is configured", { tokenConfigured: false, local: false }, { kind: "loopback-only" }],
    ["serves the public status page to anyone when asked to", { access: "status", publicStatus: true, local: false }, { kind: "allow", via: "public" }],
    ["guards the status page like the dashboard otherwise", { access: "status", wantsHtml: true }, { kind: "login" }],
    ["guards the status page from remote clients without a token", { access: "status", tokenConfigured: false, local: false }, { kind: "loopback-only" }],
  ])("%s", (_name, input, expected) => {
    expect(decideAccess({ ...base, ...input })).toEqual(expected);
  });
});
