import type { FastifyInstance } from "fastify";

/** One route as registered: method and Fastify path (`/api/jobs/:id`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

const routes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Records every route registered from now on (HEAD twins left out), so a test can check the
 * OpenAPI description against what the server really serves.
 */
export function trackRoutes(app: FastifyInstance): void {
  const list: RegisteredRoute[] = [];
  routes.set(app, list);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== "HEAD") list.push({ method, url: route.url });
  });
}

/** The routes `trackRoutes` saw, in registration order. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routes.get(app) ?? [];
}
