import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { zipSync, type Zippable } from "fflate";

/**
 * What `actions/upload-artifact@v4` stores for one `path`: a directory's files relative to it
 * (its folder structure kept), or a single file under its own name. Null when nothing exists.
 */
export async function zipArtifactPath(path: string): Promise<{ zip: Uint8Array; files: number } | null> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return null;
  const entries: Zippable = {};
  let files = 0;
  if (info.isFile()) {
    entries[basename(path)] = await readFile(path);
    files = 1;
  } else {
    for (const file of await listFiles(path)) {
      entries[relative(path, file).split("\\").join("/")] = await readFile(file);
      files += 1;
    }
  }
  if (files === 0) return null;
  return { zip: zipSync(entries, { level: 1 }), files };
}

async function listFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(full)));
    else if (entry.isFile()) found.push(full);
  }
  return found;
}
