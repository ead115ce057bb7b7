import type { RunnerGroupLookup } from "./route-by-rule.js";

/** What the directory reads groups through: the GitHub client's `listRunnerGroups`. */
export type ListRunnerGroups = (organisation: string) => Promise<readonly { id: number; name: string }[]>;

/**
 * Runner group names → ids per organisation, for routing, which is pure and synchronous: the
 * directory answers from what it last read, and `refresh` reads an organisation's groups again
 * (at start-up for the organisations the App is installed on, and when a rule's group is unknown).
 * Names compare case-insensitively, as GitHub's settings page treats them.
 */
export function createRunnerGroupDirectory(list: ListRunnerGroups): { lookup: RunnerGroupLookup; refresh(organisation: string): Promise<void> } {
  const byOrganisation = new Map<string, Map<string, number>>();
  return {
    lookup: (organisation, name) => byOrganisation.get(organisation.toLowerCase())?.get(name.toLowerCase()) ?? null,
    async refresh(organisation) {
      const groups = await list(organisation);
      byOrganisation.set(organisation.toLowerCase(), new Map(groups.map((group) => [group.name.toLowerCase(), group.id])));
    },
  };
}
