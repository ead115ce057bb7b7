import { describe, expect, it } from "vitest";
import { splitCommandWords } from "../../src/config/split-command-words.js";

describe("splitCommandWords", () => {
  it.each([
    ["node runner.js", ["node", "runner.js"]],
    ["  spaced   out  ", ["spaced", "out"]],
    ["a 'b c' d", ["a", "b c", "d"]],
    [`"x \\"y\\" \\$z"`, ['x "y" $z']],
    ["'it'\\''s'", ["it's"]],
    ["empty '' word", ["empty", "", "word"]],
    ["back\\ slash", ["back slash"]],
    ["", []],
  ])("splits %j", (text, words) => {
    expect(splitCommandWords(text)).toEqual(words);
  });

  it.each(["'open", '"open', "a 'b"])("refuses %j, whose quote is left open", (text) => {
    expect(splitCommandWords(text)).toBeNull();
  });
});
