/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`
 * naming what was awaited. For state that changes in another process (a simulator, a child
 * dispatcher) where no event can be subscribed to; never a fixed sleep.
 */
export async function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
