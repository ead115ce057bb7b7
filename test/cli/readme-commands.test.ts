import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runOffload } from "../support/cli-runner.js";

describe("the README", () => {
  it("names every command offload --help lists", async () => {
    const help = await runOffload(["--help"]);
    const commands = [...help.stdout.split("Commands:")[1]?.matchAll(/^\s{2}([a-z]+)\b/gm) ?? []].map((match) => match[1]).filter((name) => name !== "help");
    expect(commands.length).toBeGreaterThan(5);
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const command of commands) expect(readme, `offload ${command}`).toContain(`\`offload ${command}`);
  });
});
