import { describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { verifySignature } from "../../src/intake/verify-signature.js";

const SECRET = new Secret("It's a Secret to Everybody");
const BODY = Buffer.from("Hello, World!");
const SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("verifySignature", () => {
  it("accepts GitHub's official test vector", () => {
    expect(verifySignature(BODY, SIGNATURE, [SECRET])).toBe(true);
  });

  it("accepts the next secret during a rotation", () => {
    expect(verifySignature(BODY, SIGNATURE, [new Secret("old"), SECRET])).toBe(true);
  });

  it("accepts the hex digest in upper case", () => {
    expect(verifySignature(BODY, `sha256=${SIGNATURE.slice(7).toUpperCase()}`, [SECRET])).toBe(true);
  });

  it.each([
    ["a missing header", undefined],
    ["an empty header", ""],
    ["the legacy sha1 form", "sha1=0123456789abcdef0123456789abcdef01234567"],
    ["a bare digest", SIGNATURE.slice(7)],
    ["a truncated digest", SIGNATURE.slice(0, -2)],
    ["a digest with a trailing byte", `${SIGNATURE}0`],
    ["another body's digest", "sha256=0000000000000000000000000000000000000000000000000000000000000000"],
  ])("refuses %s", (_what, header) => {
    expect(verifySignature(BODY, header, [SECRET])).toBe(false);
  });

  it("refuses a body changed by one byte", () => {
    expect(verifySignature(Buffer.from("Hello, World?"), SIGNATURE, [SECRET])).toBe(false);
  });

  it("refuses everything when no secret is configured", () => {
    expect(verifySignature(BODY, SIGNATURE, [])).toBe(false);
  });

  it("refuses a signature made with another secret", () => {
    expect(verifySignature(BODY, SIGNATURE, [new Secret("It's a secret to everybody")])).toBe(false);
  });
});
