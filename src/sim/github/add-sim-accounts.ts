import type { Clock } from "../../clock/clock.js";
import { DEFAULT_APP_PERMISSIONS } from "./app-identity.js";
import type { SimAccount, SimInstallation, SimState } from "./sim-state.js";

/** What `sim.addInstallation` takes. */
export interface AddInstallationInput {
  account: string;
  type: "User" | "Organization";
  /** Repository names (`name` or `account/name`) the installation is given. */
  repos: string[];
  /** What the installation granted; defaults to everything the dispatcher asks for. */
  permissions?: Record<string, "read" | "write">;
}

/** Test control: accounts, their repositories and the App's installation on them. */
export function addSimAccounts(state: SimState, clock: Clock): { addInstallation(input: AddInstallationInput): { installationId: number } } {
  return {
    addInstallation(input) {
      const account = findOrCreateAccount(state, input.account, input.type);
      const installation: SimInstallation = {
        id: state.nextId("installation"),
        account,
        repoIds: [],
        permissions: { ...(input.permissions ?? DEFAULT_APP_PERMISSIONS) },
        createdAt: clock.iso(),
      };
      for (const entry of input.repos) {
        const name = entry.includes("/") ? entry.slice(entry.indexOf("/") + 1) : entry;
        if (entry.includes("/") && entry.split("/")[0]?.toLowerCase() !== account.login.toLowerCase()) {
          throw new Error(`addInstallation: repository '${entry}' does not belong to '${account.login}'`);
        }
        const repo = { id: state.nextId("repo"), owner: account, name, fullName: `${account.login}/${name}`, installationId: installation.id };
        state.repos.set(repo.id, repo);
        installation.repoIds.push(repo.id);
      }
      state.installations.set(installation.id, installation);
      return { installationId: installation.id };
    },
  };
}

function findOrCreateAccount(state: SimState, login: string, type: SimAccount["type"]): SimAccount {
  const existing = state.accounts.get(login.toLowerCase());
  if (existing !== undefined) return existing;
  const account: SimAccount = { login, id: state.nextId("account"), type };
  state.accounts.set(login.toLowerCase(), account);
  return account;
}
