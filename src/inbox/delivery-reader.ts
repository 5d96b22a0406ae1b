import type { Pool } from '../db/pool';
import { parseGithubEvent } from '../domain/parse-event';
import { createInboxStore } from './store';
import type { GithubEvent } from '../domain/github-event';

export interface DeliveryReader {
  /** The delivery's event as parsed from the payload stored in the inbox. */
  read(deliveryId: string): Promise<GithubEvent>;
  /** Which of these deliveries already have their effect stored. */
  processed(deliveryIds: string[]): Promise<string[]>;
  /** The workflow could not handle these deliveries: they go to the dead letter with the reason. */
  park(deliveryIds: string[], reason: string): Promise<void>;
}

export class DeliveryGoneError extends Error {
  override name = 'DeliveryGoneError';
}

// Several activities of one triage read the same delivery in a row; a small cache spares the database
// re-sending (and this process re-parsing) a payload of up to 25 MB each time. Entries are immutable.
const CACHED = 64;

export function createDeliveryReader(pool: Pool): DeliveryReader {
  const cache = new Map<string, GithubEvent>();
  const inbox = createInboxStore(pool);
  return {
    async read(deliveryId) {
      const hit = cache.get(deliveryId);
      if (hit) return hit;
      const { rows } = await pool.query<{ event: string; payload: string; received_at: Date }>(
        'SELECT event, payload, received_at FROM webhook_inbox WHERE delivery_id = $1',
        [deliveryId],
      );
      const row = rows[0];
      if (!row) throw new DeliveryGoneError(`Delivery ${deliveryId} is not in the webhook inbox (pruned after INBOX_RETENTION?); it cannot be triaged.`);
      let body: unknown;
      try {
        body = JSON.parse(row.payload);
      } catch (err) {
        throw new DeliveryGoneError(`Delivery ${deliveryId} in the inbox is not JSON (${(err as Error).message}); it cannot be triaged.`);
      }
      const parsed = parseGithubEvent(row.event, deliveryId, body, row.received_at);
      if (parsed.kind !== 'event') throw new DeliveryGoneError(`Delivery ${deliveryId} in the inbox is no longer a usable event: ${parsed.kind === 'invalid' ? parsed.message : parsed.reason}`);
      cache.set(deliveryId, parsed.event);
      if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
      return parsed.event;
    },
    async processed(deliveryIds) {
      if (!deliveryIds.length) return [];
      const { rows } = await pool.query<{ delivery_id: string }>(
        'SELECT delivery_id FROM webhook_inbox WHERE delivery_id = ANY($1::text[]) AND processed_at IS NOT NULL',
        [deliveryIds],
      );
      return rows.map((r) => r.delivery_id);
    },
    park: (deliveryIds, reason) => inbox.parkHandled(deliveryIds, reason),
  };
}
