import { DeliveryGoneError, type DeliveryReader } from '../src/inbox/delivery-reader';
import type { GithubEvent } from '../src/domain/github-event';
import { deliveryGone } from './errors';

/** Reads a delivery's event from the inbox; a payload that is gone fails for good, not with retries. */
export async function readDelivery(reader: DeliveryReader, deliveryId: string): Promise<GithubEvent> {
  try {
    return await reader.read(deliveryId);
  } catch (err) {
    if (err instanceof DeliveryGoneError) throw deliveryGone(err.message);
    throw err;
  }
}
