import { describe, expect, it } from "vitest";
import { RequestError } from "@octokit/request-error";
import { OffloadError } from "../../src/errors/offload-error.js";
import { githubStatus, toGitHubError } from "../../src/github/to-github-error.js";

const request = { method: "GET" as const, url: "https://api.github.com/repos/a/b/actions/runners", headers: {} };
const call = { method: "GET", path: "/repos/a/b/actions/runners" };

describe("toGitHubError", () => {
  it("says when no answer came back at all", () => {
    const network = new RequestError("connect ECONNREFUSED 127.0.0.1:9", 500, { request });
    const error = toGitHubError(network, call);
    expect(error.message).toBe("GET '/repos/a/b/actions/runners' failed without an answer: connect ECONNREFUSED 127.0.0.1:9");
    expect(error.code).toBe("OFFLOAD_GITHUB_API");
    expect(githubStatus(error)).toBeNull();
  });

  it("uses GitHub's message and keeps the status for callers", () => {
    const response = { url: request.url, status: 404, headers: {}, data: { message: "Not Found", documentation_url: "x" } };
    const error = toGitHubError(new RequestError("Not Found - x", 404, { request, response }), call);
    expect(error.message).toBe("GET '/repos/a/b/actions/runners' failed with 404: Not Found");
    expect(githubStatus(error)).toBe(404);
  });

  it("blames the App's credentials when GitHub refuses to mint a token, but not when it is down", () => {
    const mint = { method: "POST" as const, url: "https://ghe.example.com/api/v3/app/installations/9/access_tokens", headers: {} };
    const answer = (status: number) => ({ url: mint.url, status, headers: {}, data: { message: "nope" } });
    const refused = toGitHubError(new RequestError("nope", 404, { request: mint, response: answer(404) }), call);
    expect(refused.code).toBe("OFFLOAD_GITHUB_AUTH");
    expect(refused.message).toBe("POST '/api/v3/app/installations/9/access_tokens' failed with 404: nope");
    expect(toGitHubError(new RequestError("nope", 503, { request: mint, response: answer(503) }), call).code).toBe("OFFLOAD_GITHUB_API");
  });

  it("passes an OffloadError through unchanged", () => {
    const original = new OffloadError("OFFLOAD_GITHUB_AUTH", "already ours");
    expect(toGitHubError(original, call)).toBe(original);
  });

  it("shortens a very long message", () => {
    const response = { url: request.url, status: 422, headers: {}, data: { message: "x".repeat(1000) } };
    const error = toGitHubError(new RequestError("long", 422, { request, response }), call);
    expect(error.message.length).toBeLessThan(400);
  });
});
