import type { IssueStore } from '../src/issues/store';

export interface NotifyInput {
  repoId: number;
  number: number;
  /** The delivery whose handling is published, when a delivery (not a correction) caused it: the worker times its triage from receipt. */
  delivery?: { deliveryId: string; receivedAt: string };
}

export type NotifyResult =
  | { published: false }
  | { published: true; status: string; category: string | null; priority: string | null };

/**
 * Publishes the issue, in the detail API's shape, to every server process; each relays it to its
 * socket.io clients. Going through the database lets workers and servers run as separate processes.
 */
export function createNotify(deps: { issues: IssueStore }) {
  return async function notify(input: NotifyInput): Promise<NotifyResult> {
    const detail = await deps.issues.detail({ repoId: input.repoId, number: input.number });
    if (!detail) return { published: false };
    await deps.issues.publish(detail);
    return { published: true, status: detail.status, category: detail.triage?.category ?? null, priority: detail.triage?.priority ?? null };
  };
}
