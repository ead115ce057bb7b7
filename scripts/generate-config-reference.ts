// `npm run docs:config`: rewrites docs/offload-yaml.md from the offload.yaml schema.
import { writeFileSync } from "node:fs";
import { renderConfigReference } from "../src/config/render-config-reference.js";

writeFileSync(new URL("../docs/offload-yaml.md", import.meta.url), renderConfigReference());
