/**
 * Runs `task` now and then every `intervalMs` until stopped. The next run is scheduled when one ends,
 * so a slow run never overlaps the next; `task` handles its own errors. The timer does not keep the
 * process alive, and stop() waits for a run in progress.
 */
export function runPeriodically(task: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = task().then(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
