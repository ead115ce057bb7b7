/** The Space-side names of what setup stored, as `hf` commands a person can paste. */
export interface SpaceCommands {
  /** Secrets: the key and the webhook secret. */
  readonly secrets: string;
  /** Variables: the App id (not secret). */
  readonly variables: string;
  /** Where the same settings are edited by hand. */
  readonly settingsUrl: string;
}

/** Single-quoted for a POSIX shell: a `'` inside becomes `'\''`. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * A Space's disk is wiped on every restart, so credentials stored there are lost: these commands
 * persist them as Space secrets and variables (the environment then wins over the file). The PEM
 * goes on one line with `\n` escaped, which the config loader turns back into line breaks.
 */
export function buildSpaceCommands(input: { spaceId: string; appId: string; privateKeyPem: string; webhookSecret: string; hubUrl: string }): SpaceCommands {
  const pem = input.privateKeyPem.trim().replaceAll("\r\n", "\n").replaceAll("\n", "\\n");
  const space = shellQuote(input.spaceId);
  return {
    secrets: `hf spaces secrets add ${space} -s ${shellQuote(`GH_APP_PRIVATE_KEY=${pem}`)} -s ${shellQuote(`GH_WEBHOOK_SECRET=${input.webhookSecret}`)}`,
    variables: `hf spaces variables add ${space} -e ${shellQuote(`GH_APP_ID=${input.appId}`)}`,
    settingsUrl: `${input.hubUrl.replace(/\/+$/, "")}/spaces/${input.spaceId}/settings`,
  };
}
