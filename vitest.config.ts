import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Memory assertions collect garbage first, so they measure what is kept, not what is pending.
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
    // Tests fail rather than pass silently when one is left focused.
    allowOnly: false,
  },
});
