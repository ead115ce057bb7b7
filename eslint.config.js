// Lint rules that catch real mistakes; formatting is left to the author.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/*
 * The direction of the house (issue #10 item 2): entry points (src/cli) and the HTTP server are
 * leaves nobody imports; the composition root (src/app) is the one place that builds adapters;
 * the ledger knows nothing of GitHub, the providers or the reconciler; product code never reaches
 * the simulators. Flat config replaces a rule's options per matching block instead of merging them,
 * so each block below lists every restriction that applies to its folders.
 */
const noCli = { group: ["**/cli", "**/cli/**"], message: "nothing imports src/cli (entry points): move what you need out of it (the composition root lives in src/app)" };
const noServer = { group: ["**/server", "**/server/**"], allowTypeImports: true, message: "nothing but the composition root (src/app) imports src/server" };
const noSim = { group: ["**/sim", "**/sim/**"], message: "product code never imports the simulators (src/sim); only the demo and sim commands do" };
const ledgerLeaf = { group: ["**/github/**", "**/providers/**", "**/reconciler/**"], message: "src/ledger imports no GitHub, provider or reconciler code: move the type to its owner or to src/domain" };
/** Adapter constructors and calls: reached through their ports (GitHubPort, Provider, SetupProbes) that src/app builds. */
const adapters = [
  { group: ["**/github/create-github-client*", "**/github/inspect-github-app*"], allowTypeImports: true, message: "build the GitHub client only in src/app; take a GitHubPort / GitHubClient / SetupProbes" },
  { group: ["**/github/app-manifest*"], importNames: ["convertManifestCode"], message: "exchange manifest codes through SetupProbes (src/probes/setup-probes.ts)" },
  { group: ["**/providers/registry*", "**/providers/hf-jobs/**", "**/providers/local/create-*", "**/providers/local/start-*"], allowTypeImports: true, message: "providers are built only in src/app; take a Provider" },
  { group: ["**/probes/check-*"], allowTypeImports: true, message: "probe through SetupProbes, which src/app builds" },
];
const restrict = (...patterns) => ({ "@typescript-eslint/no-restricted-imports": ["error", { patterns: patterns.flat() }] });

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
  {
    files: ["src/**/*.ts"],
    rules: restrict(noCli, noServer, noSim, adapters),
  },
  { files: ["src/server/**/*.ts"], rules: restrict(noCli, noSim, adapters) },
  { files: ["src/app/**/*.ts"], rules: restrict(noCli, noSim) },
  { files: ["src/github/**/*.ts", "src/providers/**/*.ts", "src/probes/**/*.ts"], rules: restrict(noCli, noServer, noSim) },
  { files: ["src/ledger/**/*.ts"], rules: restrict(noCli, noServer, noSim, ledgerLeaf, adapters) },
  { files: ["src/sim/**/*.ts", "src/cli/demo-command.ts", "src/cli/run-demo.ts", "src/cli/sim-*.ts", "src/cli/run-sim.ts"], rules: restrict(noCli, noServer) },
);
