import type { Logger } from '../log';

/**
 * Resolves on SIGINT/SIGTERM after `stop` has finished (exit code 0), or with 1 once `failed` rejects and
 * everything is stopped; a second signal exits at once.
 */
export function runUntilSignal(stop: () => Promise<void>, log: Logger, failed?: Promise<never>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    failed?.catch(async () => {
      if (stopping) return;
      stopping = true;
      await stop().catch((err: unknown) => log.error({ err }, 'shutdown failed'));
      resolve(1);
    });
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      log.info({ signal }, 'shutting down');
      stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
