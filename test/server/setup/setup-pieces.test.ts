import { describe, expect, it } from "vitest";
import { buildChecklist, type ChecklistFacts } from "../../../src/server/setup/build-checklist.js";
import { derivePublicUrl, type RequestOrigin } from "../../../src/server/setup/derive-public-url.js";
import { buildManifestTarget, defaultAppName, parseAccountName } from "../../../src/github/manifest-target.js";
import { PendingStates } from "../../../src/server/setup/pending-states.js";
import { buildSpaceCommands } from "../../../src/server/setup/space-commands.js";
import { GitHubFakeClock } from "../../support/github-fake-clock.js";

const none: RequestOrigin = { publicUrl: null, spaceHost: null, forwardedProto: undefined, forwardedHost: undefined, host: undefined };

describe("derivePublicUrl", () => {
  it.each<[string, Partial<RequestOrigin>, string, string]>([
    ["OFFLOAD_PUBLIC_URL first", { publicUrl: "https://ci.example.org/", forwardedHost: "proxy.example", host: "10.0.0.1:7860" }, "https://ci.example.org", "OFFLOAD_PUBLIC_URL"],
    ["the proxy's host, https unless it says http", { forwardedHost: "offload.example.org, inner", host: "10.0.0.1:7860" }, "https://offload.example.org", "proxy headers"],
    ["the proxy's http", { forwardedHost: "offload.lan:8080", forwardedProto: "http" }, "http://offload.lan:8080", "proxy headers"],
    ["the Space host", { spaceHost: "acme-offload.hf.space", host: "10.0.0.1:7860" }, "https://acme-offload.hf.space", "SPACE_HOST"],
    ["the request's Host", { host: "127.0.0.1:7860" }, "http://127.0.0.1:7860", "request"],
    ["never a forwarded host that is not a host", { forwardedHost: "evil.example/path?x", host: "127.0.0.1:1" }, "http://127.0.0.1:1", "request"],
  ])("takes %s", (_name, origin, url, source) => {
    expect(derivePublicUrl({ ...none, ...origin })).toEqual({ url, source });
  });
});

describe("the manifest target", () => {
  it("is the personal new-App page or the organisation's, with the state", () => {
    expect(buildManifestTarget("https://github.com", null, "abc")).toBe("https://github.com/settings/apps/new?state=abc");
    expect(buildManifestTarget("https://ghe.example.com/", "acme", "a b")).toBe("https://ghe.example.com/organizations/acme/settings/apps/new?state=a%20b");
  });

  it.each([["acme", "acme"], ["@acme", "acme"], ["https://github.com/acme", "acme"], ["a-b-1", "a-b-1"], ["-acme", null], ["ac--me", null], ["acme/../x", null], ["", null]])("reads the account %j as %j", (text, name) => {
    expect(parseAccountName(text)).toBe(name);
  });

  it("names the App after the account within GitHub's 34 characters", () => {
    expect(defaultAppName("Acme")).toBe("offload-acme");
    expect(defaultAppName("a".repeat(39))).toHaveLength(34);
  });
});

describe("PendingStates", () => {
  it("accepts a state once, within the hour, and nothing it did not issue", () => {
    const clock = new GitHubFakeClock(0);
    const states = new PendingStates(clock);
    const first = states.issue();
    const second = states.issue();
    expect(states.take("made-up")).toBe(false);
    expect(states.take(first)).toBe(true);
    expect(states.take(first)).toBe(false);
    clock.advance(3_600_000);
    expect(states.take(second)).toBe(false);
  });
});

describe("buildSpaceCommands", () => {
  it("puts the PEM on one line with \\n escaped and quotes every value for the shell", () => {
    const commands = buildSpaceCommands({ spaceId: "acme/offload", appId: "42", privateKeyPem: "-----BEGIN KEY-----\nabc\n-----END KEY-----\n", webhookSecret: "it's", hubUrl: "https://huggingface.co" });
    expect(commands.secrets).toBe("hf spaces secrets add 'acme/offload' -s 'GH_APP_PRIVATE_KEY=-----BEGIN KEY-----\\nabc\\n-----END KEY-----' -s 'GH_WEBHOOK_SECRET=it'\\''s'");
    expect(commands.variables).toBe("hf spaces variables add 'acme/offload' -e 'GH_APP_ID=42'");
    expect(commands.settingsUrl).toBe("https://huggingface.co/spaces/acme/offload/settings");
  });
});

describe("buildChecklist", () => {
  const facts: ChecklistFacts = {
    app: { id: "42", slug: "offload-acme", source: "setup" },
    webhookUrl: "https://x/webhook",
    webhook: { ok: true, detail: "answered 200" },
    installations: [{ id: 1, account: "acme", permissions: { administration: "write", actions: "write", checks: "write", metadata: "read" }, suspended: false }],
    installationsError: null,
    installUrl: "https://github.com/apps/offload-acme/installations/new",
    hf: { ok: true, user: "alice", orgs: ["acme-ml"], namespaceOk: true, detail: "token of alice" },
    namespace: "acme-ml",
    missing: [],
    restartPending: false,
  };
  const statuses = (f: ChecklistFacts) => Object.fromEntries(buildChecklist(f).map((item) => [item.key, item.status]));

  it("is all done when everything checks out", () => {
    expect(statuses(facts)).toEqual({ app: "ok", webhook: "ok", installed: "ok", "hf-token": "ok", namespace: "ok", ready: "ok" });
  });

  it("says what is left, each with a fix", () => {
    const items = buildChecklist({
      ...facts,
      webhook: { ok: false, detail: "did not answer" },
      installations: [{ id: 1, account: "acme", permissions: { metadata: "read" }, suspended: false }],
      hf: { ok: true, user: "alice", orgs: [], namespaceOk: false, detail: "token of alice" },
      missing: ["GH_APP_ID"],
      restartPending: true,
    });
    const left = items.filter((item) => item.status !== "ok");
    expect(left.map((item) => item.key)).toEqual(["webhook", "installed", "namespace", "ready"]);
    expect(left.every((item) => item.fix !== null)).toBe(true);
    expect(left.find((item) => item.key === "installed")?.detail).toContain("acme lacks administration: write");
  });

  it("leaves the installation unknown before there is an App, and skips Hugging Face for the local provider", () => {
    expect(statuses({ ...facts, app: null, installations: null, installUrl: null, hf: null })).toEqual({ app: "fail", webhook: "ok", installed: "unknown", ready: "ok" });
  });
});
