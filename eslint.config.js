// Lint rules that catch real mistakes; formatting is left to the author.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".offload/", "bench/results/", "docs/images/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**", "src/sim/**"],
    rules: {
      // Only entry points read the environment or talk to the console (STYLE.md §1).
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "read the environment only in src/cli" }],
      "no-console": "error",
    },
  },
);
