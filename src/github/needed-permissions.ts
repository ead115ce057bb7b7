/** A GitHub App permission level; `admin` exists for a few permissions and covers `write`. */
export type PermissionLevel = "read" | "write" | "admin";

/** One permission offload asks for, and what it uses it for. */
export interface NeededPermission {
  readonly name: string;
  readonly level: "read" | "write";
  /** What stops working without it, in a person's words. */
  readonly usedFor: string;
  /** Another permission that does the same job (repository vs organisation runners). */
  readonly orInstead?: string;
}

/**
 * Everything offload's GitHub App may do, and nothing more: the manifest asks for exactly this
 * and `offload doctor` compares it with what each installation granted. Endpoints and the
 * permission each needs: github-protocol.md §3.4 (runners, JIT configs), §6.3 (cancel a run needs
 * `actions: write`; listing runs and jobs needs `actions: read`), check runs need `checks: write`.
 * Both runner permissions are asked for: an organisation installation registers organisation
 * runners, a user's repositories can only have repository runners.
 */
export const NEEDED_PERMISSIONS: readonly NeededPermission[] = [
  { name: "administration", level: "write", usedFor: "registering and removing repository runners", orInstead: "organization_self_hosted_runners" },
  { name: "organization_self_hosted_runners", level: "write", usedFor: "registering and removing organisation runners", orInstead: "administration" },
  { name: "actions", level: "write", usedFor: "reading queued jobs and runs, and cancelling runs (offload cancel)" },
  { name: "checks", level: "write", usedFor: "check runs that say why a job was refused" },
  { name: "metadata", level: "read", usedFor: "reading the installation's repositories" },
];

/** The manifest's `default_permissions`, from the one table. */
export function manifestPermissions(): Record<string, "read" | "write"> {
  return Object.fromEntries(NEEDED_PERMISSIONS.map((permission) => [permission.name, permission.level]));
}

/** One thing an installation lacks: the permission, the level offload needs, what it has. */
export interface PermissionGap {
  /** e.g. `actions: write` or `administration: write (or organization_self_hosted_runners: write)`. */
  readonly needed: string;
  readonly granted: string | null;
  readonly usedFor: string;
}

const RANK: Readonly<Record<string, number>> = { read: 1, write: 2, admin: 3 };

function covers(granted: string | undefined, level: "read" | "write"): boolean {
  return (RANK[granted ?? ""] ?? 0) >= (RANK[level] ?? 0);
}

/** What an installation's granted permissions lack against the table; an alternative that suffices counts as granted. */
export function findPermissionGaps(granted: Readonly<Record<string, string>>): PermissionGap[] {
  const gaps: PermissionGap[] = [];
  const reported = new Set<string>();
  for (const permission of NEEDED_PERMISSIONS) {
    if (covers(granted[permission.name], permission.level)) continue;
    const alternative = NEEDED_PERMISSIONS.find((other) => other.name === permission.orInstead);
    if (alternative !== undefined && covers(granted[alternative.name], alternative.level)) continue;
    if (alternative !== undefined && reported.has(alternative.name)) continue;
    reported.add(permission.name);
    const needed = alternative === undefined ? `${permission.name}: ${permission.level}` : `${permission.name}: ${permission.level} (or ${alternative.name}: ${alternative.level})`;
    gaps.push({ needed, granted: granted[permission.name] ?? null, usedFor: alternative === undefined ? permission.usedFor : "registering and removing runners" });
  }
  return gaps;
}

/** `needed (has read; used for …)`, for a report line. */
export function describePermissionGap(gap: PermissionGap): string {
  return `${gap.needed} (${gap.granted === null ? "not granted" : `has ${gap.granted}`}; needed for ${gap.usedFor})`;
}
