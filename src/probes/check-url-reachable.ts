/** Whether a URL answered, and how. */
export interface ReachabilityCheck {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Fetches `<base>/healthz` from here. It proves the public address resolves and reaches an offload
 * dispatcher, not that GitHub's side can reach it (GitHub's view is the App's "Advanced" tab).
 */
export async function checkUrlReachable(base: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<ReachabilityCheck> {
  const url = `${base.replace(/\/+$/, "")}/healthz`;
  try {
    const response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000), redirect: "manual" });
    const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
    if (response.ok && typeof body?.status === "string") return { ok: true, detail: `${url} answered ${response.status} (${body.status})` };
    return { ok: false, detail: `${url} answered ${response.status}, not offload's health check` };
  } catch (error) {
    const reason = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = reason?.code ?? reason?.message ?? (error as Error).name;
    return { ok: false, detail: `${url} did not answer (${cause})` };
  }
}
