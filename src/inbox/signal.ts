import type { DeliverySignal, GithubEvent } from '../domain/github-event';
import type { ClaimedDelivery } from './store';

/** The `delivery` signal for a claimed inbox row: ids and timestamps only, never the payload. */
export function toDeliverySignal(d: ClaimedDelivery): DeliverySignal {
  return {
    deliveryId: d.deliveryId,
    // The webhook router stored only events it parsed, so the names are ones the workflow knows.
    eventName: d.eventName as GithubEvent['event'],
    action: d.action as GithubEvent['action'],
    githubUpdatedAt: d.githubUpdatedAt,
    receivedAt: d.receivedAt,
    ...(d.retries > 0 ? { retry: d.retries } : {}),
  };
}
