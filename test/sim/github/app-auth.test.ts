import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../../../src/clock/clock.js";
import { startGitHubSim, type GitHubSim } from "../../../src/sim/github/start-github-sim.js";
import { appJwt, callSim, mintInstallationToken, signAppJwt } from "../../support/github-sim-client.js";

describe("GitHub simulator App authentication", () => {
  let sim: GitHubSim | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const now = (): number => Math.floor(Date.now() / 1000);

  it("accepts a JWT issued by the App id or the client id", async () => {
    sim = await startGitHubSim();
    const byId = await callSim(sim, "GET", "/app", { token: appJwt(sim) });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ id: sim.app.id, slug: sim.app.slug, client_id: sim.app.clientId });
    const byClientId = signAppJwt(sim.app.privateKeyPem, { iat: now() - 60, exp: now() + 500, iss: sim.app.clientId });
    expect((await callSim(sim, "GET", "/app", { token: byClientId })).status).toBe(200);
    expect(sim.violations).toEqual([]);
  });

  it.each([
    ["an exp more than ten minutes after iat", () => ({ iat: now() - 30, exp: now() + 600 }), "'Expiration time' claim ('exp') is too far in the future"],
    ["an expired JWT", () => ({ iat: now() - 700, exp: now() - 100 }), "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"],
    ["an iat in the future", () => ({ iat: now() + 120, exp: now() + 300 }), "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"],
  ])("refuses %s with GitHub's message", async (_case, claims, message) => {
    sim = await startGitHubSim();
    const jwt = signAppJwt(sim.app.privateKeyPem, { ...claims(), iss: String(sim.app.id) });
    const reply = await callSim(sim, "GET", "/app", { token: jwt });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ message });
  });

  it("refuses a JWT signed with another key or naming another App", async () => {
    sim = await startGitHubSim();
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const forged = signAppJwt(otherKey, { iat: now() - 30, exp: now() + 500, iss: String(sim.app.id) });
    expect((await callSim(sim, "GET", "/app", { token: forged })).body).toMatchObject({ message: "A JSON web token could not be decoded" });
    const stranger = signAppJwt(sim.app.privateKeyPem, { iat: now() - 30, exp: now() + 500, iss: "1" });
    expect((await callSim(sim, "GET", "/app", { token: stranger })).status).toBe(401);
    expect((await callSim(sim, "GET", "/app")).status).toBe(401);
  });

  it("refuses an installation token on App endpoints and a JWT on installation endpoints", async () => {
    sim = await startGitHubSim();
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["app"] });
    const token = await mintInstallationToken(sim, installationId);
    expect((await callSim(sim, "GET", "/app", { token })).status).toBe(401);
    expect((await callSim(sim, "GET", "/installation/repositories", { token: appJwt(sim) })).body).toMatchObject({ message: "Bad credentials" });
  });

  it("expires installation tokens after one hour of the simulator's clock", async () => {
    let offsetMs = 0;
    const clock: Clock = {
      now: () => Date.now() + offsetMs,
      iso: () => new Date(Date.now() + offsetMs).toISOString(),
      sleep: systemClock.sleep,
    };
    sim = await startGitHubSim({ clock });
    const { installationId } = sim.addInstallation({ account: "mona", type: "User", repos: ["hello"] });
    const token = await mintInstallationToken(sim, installationId);
    const minted = sim.calls.at(-1);
    expect(minted?.status).toBe(201);
    expect((await callSim(sim, "GET", "/installation/repositories", { token })).status).toBe(200);
    offsetMs = 3_600_000 + 1000;
    const expired = await callSim(sim, "GET", "/installation/repositories", { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ message: "Bad credentials" });
    expect(sim.violations).toEqual([]);
  });

  it("finds installations by repository and organisation and lists the token's repositories", async () => {
    sim = await startGitHubSim();
    const { installationId } = sim.addInstallation({ account: "octo-org", type: "Organization", repos: ["one", "two"] });
    const jwt = appJwt(sim);
    expect((await callSim(sim, "GET", "/repos/Octo-Org/ONE/installation", { token: jwt })).body).toMatchObject({ id: installationId });
    expect((await callSim(sim, "GET", "/orgs/octo-org/installation", { token: jwt })).body).toMatchObject({ id: installationId, target_type: "Organization" });
    expect((await callSim(sim, "GET", "/repos/octo-org/three/installation", { token: jwt })).status).toBe(404);
    expect((await callSim(sim, "GET", `/app/installations/${installationId}`, { token: jwt })).status).toBe(200);
    expect((await callSim(sim, "GET", "/app/installations", { token: jwt })).body).toHaveLength(1);
    const token = await mintInstallationToken(sim, installationId);
    const repos = await callSim(sim, "GET", "/installation/repositories", { token });
    expect(repos.body).toMatchObject({ total_count: 2, repositories: [{ full_name: "octo-org/one" }, { full_name: "octo-org/two" }] });
    expect(repos.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(sim.violations).toEqual([]);
  });
});
