import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { OffloadError } from "../errors/offload-error.js";

/** What a submitted batch leaves on disk so any shell can follow it later. No credentials. */
export const batchRecordSchema = z.object({
  id: z.string(),
  apiUrl: z.string(),
  owner: z.string(),
  repo: z.string(),
  branch: z.string(),
  headSha: z.string(),
  runId: z.number().nullable(),
  runsOn: z.string(),
  /** Member indexes of a fan-out, null for one job. */
  members: z.array(z.string()).nullable(),
  secretNames: z.array(z.string()),
  keep: z.boolean(),
  submittedAt: z.string(),
  /** Set once `wait`/`run` saw the run finish. */
  conclusion: z.string().nullable(),
  exitCode: z.number().nullable(),
  deleted: z.boolean(),
});

export type BatchRecord = z.infer<typeof batchRecordSchema>;

/** `<dir>/<id>.json`, one file per batch, written atomically. */
export interface BatchStore {
  save(record: BatchRecord): Promise<void>;
  load(id: string): Promise<BatchRecord>;
  list(): Promise<BatchRecord[]>;
  remove(id: string): Promise<void>;
}

export function createBatchStore(dir: string): BatchStore {
  const file = (id: string): string => {
    if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new OffloadError("OFFLOAD_BATCH_NOT_FOUND", `No batch '${id}' in ${dir}: ids are repository names such as offload-batch-20261204-024943-3f9a1c`);
    return join(dir, `${id}.json`);
  };
  return {
    async save(record) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const target = file(record.id);
      await writeFile(`${target}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
      await rename(`${target}.tmp`, target);
    },
    async load(id) {
      const text = await readFile(file(id), "utf8").catch(() => undefined);
      if (text === undefined) throw new OffloadError("OFFLOAD_BATCH_NOT_FOUND", `No batch '${id}' in ${dir}: see offload batch list for the ids this machine knows`);
      return batchRecordSchema.parse(JSON.parse(text));
    },
    async list() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const records: BatchRecord[] = [];
      for (const name of names.filter((entry) => entry.endsWith(".json")).sort()) {
        const parsed = batchRecordSchema.safeParse(JSON.parse(await readFile(join(dir, name), "utf8")));
        if (parsed.success) records.push(parsed.data);
      }
      return records;
    },
    async remove(id) {
      await rm(file(id), { force: true });
    },
  };
}
