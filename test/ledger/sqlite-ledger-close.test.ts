import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

let dataDir = "";
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe("closing the SQLite ledger", () => {
  // Regression: the background checkpointer's worker is unref'd, so a process awaiting the
  // ledger's close with nothing else open ended in the middle of it, with code 0; `offload serve`
  // died that way while restarting after the setup wizard (issue 9).
  it("keeps the process alive until the ledger is closed, with nothing else holding it open", () => {
    dataDir = mkdtempSync(join(tmpdir(), "offload-close-"));
    const openLedger = pathToFileURL(join(import.meta.dirname, "../../src/ledger/open-ledger.ts")).href;
    const script = `
      import pino from "pino";
      import { openLedger } from ${JSON.stringify(openLedger)};
      const ledger = await openLedger({ dataDir: ${JSON.stringify(dataDir)}, databaseUrl: null, log: pino({ level: "silent" }) });
      await ledger.close();
      process.stdout.write("closed");
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], { cwd: join(import.meta.dirname, "../.."), encoding: "utf8", timeout: 20_000 });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("closed");
    expect(child.status).toBe(0);
  });
});
