import type { Pool } from './pool';
import type { Logger } from '../log';

export interface Listener {
  end(): Promise<void>;
}

/**
 * LISTENs on `channel` with a client held for the listener's life; `wake` runs on every notification.
 * The embedded database accepts LISTEN but never delivers another connection's NOTIFY, so callers keep a
 * poll or an in-process wake beside it. Undefined when LISTEN is refused.
 */
export async function listen(deps: { pool: Pool; log: Logger }, channel: string, wake: () => void): Promise<Listener | undefined> {
  try {
    const client = await deps.pool.connect();
    client.on('notification', wake);
    // A dropped connection must not crash the process; the poll carries on alone.
    client.on('error', (err) => deps.log.warn({ err, channel }, 'LISTEN connection lost; polling only'));
    await client.query(`LISTEN ${channel}`);
    return { end: async () => client.release() };
  } catch (err) {
    deps.log.debug({ err, channel }, 'LISTEN unavailable; polling only');
    return undefined;
  }
}
