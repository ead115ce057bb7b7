import { z } from "zod";
import type { Secret } from "../config/secret.js";
import { classifyReachFailure, type ReachFailure } from "../http/classify-reach-failure.js";

/** What `GET /api/whoami-v2` says about a token, in the words the checklist needs. */
export interface HfTokenCheck {
  readonly ok: boolean;
  /** The token's user, when the Hub accepted it. */
  readonly user: string | null;
  readonly orgs: readonly string[];
  /** Whether HF_NAMESPACE is the user or one of their organisations; null when unknown. */
  readonly namespaceOk: boolean | null;
  readonly detail: string;
  /** Set when the Hub was never reached (DNS, connection, TLS, timeout), as opposed to refusing the token. */
  readonly unreachable?: ReachFailure;
}

const WhoAmI = z.object({
  name: z.string(),
  orgs: z.array(z.object({ name: z.string() })).optional().default([]),
});

/**
 * Asks the Hub who a token belongs to (`GET <endpoint>/api/whoami-v2`, as huggingface_hub does to
 * find a default namespace) and whether `namespace` is theirs. Jobs run in the namespace, so a
 * token that cannot act there fails every launch with 403.
 */
export async function checkHfToken(input: { endpoint: string; token: Secret | null; namespace: string | null; fetch?: typeof fetch; timeoutMs?: number }): Promise<HfTokenCheck> {
  if (input.token === null) return { ok: false, user: null, orgs: [], namespaceOk: null, detail: "HF_TOKEN is not set" };
  const url = `${input.endpoint.replace(/\/+$/, "")}/api/whoami-v2`;
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${input.token.reveal()}` },
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch (error) {
    const unreachable = classifyReachFailure(error);
    return { ok: false, user: null, orgs: [], namespaceOk: null, detail: `GET '${url}' failed without an answer: ${(error as Error).message}`, ...(unreachable === null ? {} : { unreachable }) };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const why = response.status === 401 ? "the Hub does not accept this token" : `the Hub answered ${response.status}`;
    return { ok: false, user: null, orgs: [], namespaceOk: null, detail: `GET '${url}' failed with ${response.status}: ${why}` };
  }
  const parsed = WhoAmI.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, user: null, orgs: [], namespaceOk: null, detail: `GET '${url}' answered without a user name` };
  const { name, orgs } = parsed.data;
  const orgNames = orgs.map((org) => org.name);
  const namespace = input.namespace?.toLowerCase() ?? null;
  const namespaceOk = namespace === null ? null : [name, ...orgNames].some((owner) => owner.toLowerCase() === namespace);
  return { ok: true, user: name, orgs: orgNames, namespaceOk, detail: `token of ${name}${orgNames.length > 0 ? ` (organisations: ${orgNames.join(", ")})` : ""}` };
}
