/** Where secrets land in the container; the entrypoint reads `<NAME>_FILE`. Not under /tmp: a job's steps clean that. */
export const SECRET_DIR = "/offload";

const BLOCK = 512;

/**
 * A tar (POSIX ustar) holding `/offload/` and one file per secret, mode 0400, for `putArchive`
 * before the container starts: the secret then exists only inside the container's filesystem,
 * never in its config (`docker inspect`), its environment or its command line. Written by hand
 * (about 40 lines) rather than through a tar library: two entry types, no streaming needed.
 */
export function buildSecretArchive(secrets: Readonly<Record<string, string>>, owner: { uid: number; gid: number }, mtime: Date): Buffer {
  const dir = SECRET_DIR.replace(/^\//, "");
  const parts: Buffer[] = [header(`${dir}/`, 0, 0o755, "5", owner, mtime)];
  for (const [name, value] of Object.entries(secrets)) {
    const body = Buffer.from(value, "utf8");
    parts.push(header(`${dir}/${name}`, body.length, 0o400, "0", owner, mtime), body, Buffer.alloc(padding(body.length)));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** The path the entrypoint is told (in `<NAME>_FILE`) for a secret. */
export function secretFilePath(name: string): string {
  return `${SECRET_DIR}/${name}`;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function header(name: string, size: number, mode: number, type: "0" | "5", owner: { uid: number; gid: number }, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, width: number): string => value.toString(8).padStart(width - 1, "0");
  block.write(name, 0, 100, "utf8");
  block.write(octal(mode, 8), 100, 8, "ascii");
  block.write(octal(owner.uid, 8), 108, 8, "ascii");
  block.write(octal(owner.gid, 8), 116, 8, "ascii");
  block.write(octal(size, 12), 124, 12, "ascii");
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12, "ascii");
  block.write("        ", 148, 8, "ascii");
  block.write(type, 156, 1, "ascii");
  block.write("ustar\u000000", 257, 8, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}
