import { describe, expect, it } from "vitest";
import { createRunnerGroupDirectory } from "../../src/policy/runner-group-directory.js";

describe("the runner group directory", () => {
  it("resolves a rule's group name to its id once the organisation's groups are read, case-insensitively", async () => {
    const asked: string[] = [];
    const directory = createRunnerGroupDirectory(async (organisation) => {
      asked.push(organisation);
      return [{ id: 1, name: "Default" }, { id: 42, name: "GPU-Lab" }];
    });
    expect(directory.lookup("Acme", "gpu-lab")).toBeNull();
    await directory.refresh("Acme");
    expect(directory.lookup("acme", "gpu-lab")).toBe(42);
    expect(directory.lookup("acme", "nope")).toBeNull();
    expect(asked).toEqual(["Acme"]);
  });
});
