import type { SimAccount } from "./sim-state.js";

/** GitHub's `simple-user` for an account (organisations use the same shape in REST answers). */
export function renderAccount(account: SimAccount, api: string): Record<string, unknown> {
  const users = `${api}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === "User" ? "U" : "O", account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: "",
    url: users,
    html_url: `https://github.com/${account.login}`,
    followers_url: `${users}/followers`,
    following_url: `${users}/following{/other_user}`,
    gists_url: `${users}/gists{/gist_id}`,
    starred_url: `${users}/starred{/owner}{/repo}`,
    subscriptions_url: `${users}/subscriptions`,
    organizations_url: `${users}/orgs`,
    repos_url: `${users}/repos`,
    events_url: `${users}/events{/privacy}`,
    received_events_url: `${users}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** A GraphQL-style node id (`<prefix>_<base64>`); only its shape matters to clients. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kw${Buffer.from(`${prefix}${id}`).toString("base64url")}`;
}
