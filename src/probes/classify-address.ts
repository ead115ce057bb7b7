import { isIP } from "node:net";

/** Why GitHub's servers could never reach an address, or null when they might. */
export type UnreachableKind = "loopback" | "private" | "link-local" | "unspecified" | "local name";

/** IPv4 ranges GitHub cannot route to (RFC 1918, RFC 6598 shared space, loopback, link-local, 0/8). */
const IPV4_RANGES: readonly (readonly [number, number, UnreachableKind])[] = [
  [0x00000000, 8, "unspecified"],
  [0x0a000000, 8, "private"],
  [0x64400000, 10, "private"],
  [0x7f000000, 8, "loopback"],
  [0xa9fe0000, 16, "link-local"],
  [0xac100000, 12, "private"],
  [0xc0a80000, 16, "private"],
];

function ipv4Kind(address: string): UnreachableKind | null {
  const value = address.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
  for (const [base, bits, kind] of IPV4_RANGES) {
    const size = 2 ** (32 - bits);
    if (value >= base && value < base + size) return kind;
  }
  return null;
}

function ipv6Kind(address: string): UnreachableKind | null {
  const lower = address.toLowerCase();
  if (lower === "::1") return "loopback";
  if (lower === "::") return "unspecified";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (mapped !== undefined) return ipv4Kind(mapped);
  if (/^f[cd]/.test(lower)) return "private";
  if (/^fe[89ab]/.test(lower)) return "link-local";
  return null;
}

/**
 * Whether a host name or address can never be reached from GitHub's servers: loopback, private
 * (RFC 1918, RFC 4193, RFC 6598), link-local, unspecified, or a name that only resolves locally
 * (`localhost`, `*.local`, `*.internal`, a name without a dot). Pure: DNS is asked elsewhere.
 */
export function classifyAddress(host: string): UnreachableKind | null {
  const bare = host.replace(/^\[|\]$/g, "");
  const version = isIP(bare);
  if (version === 4) return ipv4Kind(bare);
  if (version === 6) return ipv6Kind(bare);
  const name = bare.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  if (!name.includes(".") || /\.(local|internal|lan|home\.arpa)$/.test(name)) return "local name";
  return null;
}
