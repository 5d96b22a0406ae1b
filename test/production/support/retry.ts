/**
 * Retries `attempt` every 250 ms until it resolves; after `ms` fails with what it last threw. `gaveUp`
 * names a reason to stop at once (the process being waited for has exited).
 */
export async function retryFor<T>(ms: number, what: string, attempt: () => Promise<T>, gaveUp: () => string | undefined = () => undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const reason = gaveUp();
      if (reason) throw new Error(`${what}: ${reason}`);
      if (Date.now() > deadline) throw new Error(`${what} not ready after ${ms / 1000} s: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
