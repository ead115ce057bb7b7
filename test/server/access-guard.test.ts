import { afterEach, describe, expect, it } from "vitest";
import { startDashboardServer, TEST_ADMIN_TOKEN, type DashboardTestServer } from "../support/dashboard-server.js";

const BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";
const REMOTE = { remoteAddress: "203.0.113.9" };

describe("the access guard", () => {
  let server: DashboardTestServer;

  afterEach(async () => {
    await server.close();
  });

  const withToken = () => startDashboardServer({ env: { OFFLOAD_ADMIN_TOKEN: TEST_ADMIN_TOKEN } });

  it("refuses the API without the admin token, saying what it expects and nothing of the token", async () => {
    server = await withToken();
    for (const headers of [{}, { authorization: "Bearer wrong-token-value" }, { authorization: `Basic ${TEST_ADMIN_TOKEN}` }]) {
      const response = await server.app.inject({ method: "GET", url: "/api/jobs", headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="offload"');
      expect(response.json()).toMatchObject({ error: { code: "OFFLOAD_UNAUTHORIZED", message: expect.stringMatching(/OFFLOAD_ADMIN_TOKEN/) } });
      expect(response.body).not.toContain(TEST_ADMIN_TOKEN.slice(0, 8));
    }
  });

  it("answers the API with the right Bearer token, from anywhere", async () => {
    server = await withToken();
    const response = await server.app.inject({ method: "GET", url: "/api/jobs", headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, ...REMOTE });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ jobs: [] });
  });

  it("sends a browser to the login form, and signs it in with an HttpOnly cookie that is not the token", async () => {
    server = await withToken();
    const page = await server.app.inject({ method: "GET", url: "/jobs/1?x=1", headers: { accept: BROWSER } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/login?next=%2Fjobs%2F1%3Fx%3D1");

    const wrong = await server.app.inject({ method: "POST", url: "/login", payload: "token=nope&next=%2F", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("That is not the admin token");
    expect(wrong.headers["set-cookie"]).toBeUndefined();

    const right = await server.app.inject({ method: "POST", url: "/login", payload: `token=${TEST_ADMIN_TOKEN}&next=%2Fstatus`, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe("/status");
    const cookie = String(right.headers["set-cookie"]);
    expect(cookie).toMatch(/^offload_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(cookie).not.toContain(TEST_ADMIN_TOKEN);

    const session = cookie.split(";")[0] ?? "";
    const dashboard = await server.app.inject({ method: "GET", url: "/", headers: { accept: BROWSER, cookie: session }, ...REMOTE });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.headers["content-type"]).toContain("text/html");
    expect(dashboard.body).toContain("Sign out");
    const api = await server.app.inject({ method: "GET", url: "/api/pools", headers: { cookie: session } });
    expect(api.statusCode).toBe(200);
  });

  it("marks the cookie Secure behind an https proxy", async () => {
    server = await withToken();
    const right = await server.app.inject({ method: "POST", url: "/login", payload: `token=${TEST_ADMIN_TOKEN}`, headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-proto": "https" } });
    expect(String(right.headers["set-cookie"])).toContain("; Secure");
  });

  it("serves the dashboard to loopback clients only when no token is configured, and says how to set one", async () => {
    server = await startDashboardServer();
    const local = await server.app.inject({ method: "GET", url: "/", headers: { accept: BROWSER } });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain("Open to this machine only");
    const remote = await server.app.inject({ method: "GET", url: "/", headers: { accept: BROWSER }, ...REMOTE });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).toContain("OFFLOAD_ADMIN_TOKEN");
    const proxied = await server.app.inject({ method: "GET", url: "/api/jobs", headers: { "x-forwarded-for": "198.51.100.7" } });
    expect(proxied.statusCode).toBe(403);
    expect(proxied.json()).toMatchObject({ error: { code: "OFFLOAD_LOOPBACK_ONLY" } });
    const login = await server.app.inject({ method: "GET", url: "/login", ...REMOTE });
    expect(login.body).toContain("No sign-in configured");
  });

  it("leaves the webhook, health, metrics and the JSON service description unauthenticated", async () => {
    server = await withToken();
    for (const url of ["/healthz", "/readyz", "/metrics", "/"]) {
      expect((await server.app.inject({ method: "GET", url, ...REMOTE })).statusCode, url).toBe(200);
    }
    await server.queueJob(1);
  });

  it("makes /status public with OFFLOAD_PUBLIC_STATUS, showing counts but no job or repository names", async () => {
    server = await startDashboardServer({ env: { OFFLOAD_ADMIN_TOKEN: TEST_ADMIN_TOKEN, OFFLOAD_PUBLIC_STATUS: "true" } });
    await server.queueJob(7, { name: "secret-project-build" });
    const status = await server.app.inject({ method: "GET", url: "/status", headers: { accept: BROWSER }, ...REMOTE });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain("t4-small");
    expect(status.body).not.toContain("secret-project-build");
    expect(status.body).not.toContain("octo-org/hello");
    expect((await server.app.inject({ method: "GET", url: "/", headers: { accept: BROWSER }, ...REMOTE })).statusCode).toBe(303);
  });

  it("sends pages with a strict content security policy", async () => {
    server = await startDashboardServer();
    const page = await server.app.inject({ method: "GET", url: "/", headers: { accept: BROWSER } });
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
  });
});
