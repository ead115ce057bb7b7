import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/server/login-routes.js";
import { prefersHtml } from "../../src/server/request-facts.js";
import { buildSessionCookie, readCookie } from "../../src/server/session-cookie.js";

describe("prefersHtml", () => {
  it.each<[string | undefined, boolean]>([
    ["text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", true],
    ["application/json", false],
    ["*/*", false],
    [undefined, false],
    ["text/event-stream", false],
    ["application/json, text/html;q=0.5", false],
    ["text/html;q=0.9, application/json;q=0.9", true],
    ["text/html;q=0", false],
  ])("answers %s with %s", (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe("safeNext", () => {
  it.each<[string | null, string]>([
    ["/jobs/12?x=1", "/jobs/12?x=1"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["/a\r\nSet-Cookie: x", "/"],
    [null, "/"],
  ])("turns %s into %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe("session cookies", () => {
  it("are HttpOnly and SameSite=Strict, Secure only over https, and cleared with Max-Age=0", () => {
    expect(buildSessionCookie("abc", false)).toBe("offload_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000");
    expect(buildSessionCookie("abc", true)).toContain("; Secure");
    expect(buildSessionCookie(null, false)).toContain("offload_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  });

  it("are read back from a Cookie header among others", () => {
    expect(readCookie("a=1; offload_session=x=y; b=2", "offload_session")).toBe("x=y");
    expect(readCookie("a=1", "offload_session")).toBeNull();
    expect(readCookie(undefined, "offload_session")).toBeNull();
  });
});
