import type { Command } from "commander";
import { FLAVORS, PRICES_SOURCE } from "../config/flavors.js";

/** `offload flavors`: the label to write in runs-on for each machine, with its size and price. */
export function registerFlavorsCommand(program: Command): void {
  program
    .command("flavors")
    .description("list the hf-jobs-<flavor> labels with vCPU, RAM, accelerator and price")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => {
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(FLAVORS, null, 2)}\n`);
        process.stderr.write(`prices as of ${PRICES_SOURCE.asOf}: ${PRICES_SOURCE.source}\n`);
        return;
      }
      const rows = FLAVORS.map((f) => [
        `hf-jobs-${f.name}`,
        `${f.vcpu} vCPU`,
        `${f.ramGb} GB`,
        f.accelerator === null ? "-" : `${f.accelerator.count}x ${f.accelerator.model} (${f.accelerator.vramGb} GB)`,
        `$${f.priceUsdPerHour.toFixed(2)}/h`,
      ]);
      const header = ["label", "cpu", "ram", "accelerator", "price"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
      for (const row of [header, ...rows]) {
        process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()}\n`);
      }
      process.stdout.write(`\nprices as of ${PRICES_SOURCE.asOf}, billed per minute; source: ${PRICES_SOURCE.source}\n`);
    });
}
