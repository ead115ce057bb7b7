/**
 * Docker multiplexes a non-TTY container's stdout and stderr into frames: an 8-byte header
 * (stream type 1 or 2, three zero bytes, a big-endian 32-bit length) then the payload (Engine API,
 * "Attach to a container: stream format"). This turns chunks into complete lines per stream.
 */
export function createFrameSplitter(): { push(chunk: Buffer): string[]; end(): string[] } {
  let buffer: Buffer = Buffer.alloc(0);
  const partial = new Map<number, string>();
  const takeLines = (stream: number, text: string): string[] => {
    const joined = (partial.get(stream) ?? "") + text;
    const pieces = joined.split("\n");
    partial.set(stream, pieces.pop() ?? "");
    return pieces.map((line) => line.replace(/\r$/, ""));
  };
  return {
    push(chunk) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const lines: string[] = [];
      while (buffer.length >= 8) {
        const size = buffer.readUInt32BE(4);
        if (buffer.length < 8 + size) break;
        lines.push(...takeLines(buffer[0] ?? 1, buffer.subarray(8, 8 + size).toString("utf8")));
        buffer = buffer.subarray(8 + size);
      }
      return lines;
    },
    end() {
      const rest = [...partial.values()].filter((line) => line !== "");
      partial.clear();
      return rest;
    },
  };
}

/** `timestamps: true` puts an RFC 3339 time and a space before each line. */
export function splitTimestamp(line: string): { at: string; text: string } {
  const space = line.indexOf(" ");
  if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(line)) return { at: line.slice(0, space), text: line.slice(space + 1) };
  return { at: "", text: line };
}
