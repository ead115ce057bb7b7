#!/usr/bin/env node
// `npm run build`, and `prepare` during `npm ci`: compiles src/ to dist/ with tsc and copies the
// dashboard's static assets beside the compiled code, so `bin/offload` starts without compiling
// TypeScript at run time. Where TypeScript is not installed (`npm ci --omit=dev`) or there are no
// sources yet (a Docker layer with package.json only), it says so and leaves bin/offload on tsx.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const at = (path) => `${root}${path}`;

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  tsc = null;
}
if (tsc === null || !existsSync(at("src/cli/main.ts"))) {
  process.stderr.write(`offload build skipped: ${tsc === null ? "typescript is not installed" : "no sources"}; bin/offload runs the TypeScript through tsx\n`);
  process.exit(0);
}
rmSync(at("dist"), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", at("tsconfig.build.json")], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
cpSync(at("src/server/dashboard/assets"), at("dist/server/dashboard/assets"), { recursive: true });
// Written last: bin/offload trusts dist/ only when this stamp is newer than every source file.
writeFileSync(at("dist/.built"), `${new Date().toISOString()}\n`);
