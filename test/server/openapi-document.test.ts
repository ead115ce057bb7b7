import { afterEach, describe, expect, it } from "vitest";
import { OPENAPI_DOCUMENT } from "../../src/server/openapi-document.js";
import { registeredRoutes } from "../../src/server/route-registry.js";
import { startDashboardServer, type DashboardTestServer } from "../support/dashboard-server.js";

describe("the OpenAPI description", () => {
  let server: DashboardTestServer;

  afterEach(async () => {
    await server.close();
  });

  it("describes every registered /api route, and only those", async () => {
    server = await startDashboardServer();
    const registered = registeredRoutes(server.app)
      .filter((route) => route.url.startsWith("/api/"))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    const documented = Object.entries(OPENAPI_DOCUMENT.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(registered.length).toBeGreaterThan(5);
    expect(documented).toEqual(registered);
  });

  it("is served at /api/openapi.json", async () => {
    server = await startDashboardServer();
    const response = await server.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ openapi: "3.1.0", paths: { "/api/pools": expect.any(Object) } });
  });
});
