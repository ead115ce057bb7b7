import { execFile } from "node:child_process";
import { findFreePort } from "../../src/sim/find-free-port.js";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** A PostgreSQL server for one test file: a throwaway cluster, or the one OFFLOAD_TEST_DATABASE_URL names. */
export interface PostgresServer {
  /** Creates an empty database and returns its connection string. */
  createDatabase(): Promise<string>;
  /** A connection string to a port where nothing listens, for failure tests. */
  unreachableUrl(): Promise<string>;
  stop(): Promise<void>;
}

const INSTALL_HINT = "PostgreSQL server binaries are needed for the ledger's PostgreSQL tests: run `apt-get install -y postgresql` (CI must install it), or set OFFLOAD_TEST_DATABASE_URL to a server where the user may create databases.";

/**
 * Starts PostgreSQL under a temporary directory on a free loopback port (as the `postgres` user
 * when running as root, since the server refuses root), or uses OFFLOAD_TEST_DATABASE_URL. Never
 * skips: when neither works the caller's test fails with what to install.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const external = process.env.OFFLOAD_TEST_DATABASE_URL;
  if (external !== undefined && external !== "") return serverAt(external, async () => undefined);

  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), "offload-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const exec = async (tool: string, args: string[]): Promise<void> => {
    const file = join(bin, tool);
    await (asRoot ? run("runuser", ["-u", "postgres", "--", file, ...args]) : run(file, args));
  };
  try {
    if (asRoot) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const { stdout: gid } = await run("id", ["-g", "postgres"]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await exec("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const port = await findFreePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200`;
    await exec("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    return serverAt(`postgres://postgres@127.0.0.1:${port}/postgres`, async () => {
      await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });
  } catch (error) {
    const log = existsSync(join(dir, "server.log")) ? readFileSync(join(dir, "server.log"), "utf8") : "";
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL from ${bin}: ${String(error)}\n${log}\n${INSTALL_HINT}`, { cause: error });
  }
}

function serverAt(adminUrl: string, stop: () => Promise<void>): PostgresServer {
  let counter = 0;
  return {
    async createDatabase() {
      const name = `offload_test_${process.pid}_${Date.now()}_${++counter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async unreachableUrl() {
      return `postgres://offload:hunter2-secret@127.0.0.1:${await findFreePort()}/none`;
    },
    stop,
  };
}

function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], "bin");
  }
  for (const entry of (process.env.PATH ?? "").split(delimiter)) {
    if (entry !== "" && existsSync(join(entry, "pg_ctl")) && existsSync(join(entry, "initdb"))) return entry;
  }
  throw new Error(`No pg_ctl and initdb found under ${root}/<version>/bin or on PATH. ${INSTALL_HINT}`);
}
