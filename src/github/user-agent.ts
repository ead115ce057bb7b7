import packageJson from "../../package.json" with { type: "json" };

/** `offload/<version>`: GitHub asks every client to name itself; Octokit appends its own token. */
export const USER_AGENT = `offload/${packageJson.version}`;
