import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve, sep } from "node:path";
import { unzipSync } from "fflate";
import { OffloadError } from "../errors/offload-error.js";

/** A file written from an archive: its path relative to the folder, and its size. */
export interface UnzippedFile {
  readonly path: string;
  readonly size: number;
}

/**
 * Writes an archive's files under `folder`, keeping their folder structure (actions-batch
 * flattened it, so same-named files overwrote each other). Every entry is checked before
 * anything is written: an absolute path, a drive letter, a backslash or a `..` segment refuses
 * the whole archive (zip-slip), so a hostile artifact cannot write outside `folder`.
 */
export async function unzipSafely(zip: Uint8Array, folder: string, label: string): Promise<UnzippedFile[]> {
  const entries = unzipSync(zip);
  const root = resolve(folder);
  const files: { path: string; target: string; data: Uint8Array }[] = [];
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith("/")) continue;
    const target = resolve(root, name);
    const unsafe = isAbsolute(name) || /^[A-Za-z]:/.test(name) || name.includes("\\") || name.split("/").includes("..") || !target.startsWith(root + sep);
    if (unsafe) throw new OffloadError("OFFLOAD_BATCH_UNSAFE_ARCHIVE", `Unsafe path '${name}' in ${label}: entries must stay inside the output folder`);
    files.push({ path: name, target, data });
  }
  for (const file of files) {
    await mkdir(dirname(file.target), { recursive: true });
    await writeFile(file.target, file.data);
  }
  return files.map(({ path, data }) => ({ path, size: data.length })).sort((a, b) => a.path.localeCompare(b.path));
}
