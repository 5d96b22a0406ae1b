import type { IssueStore } from '../src/issues/store';

/**
 * Publishes the issue, in the detail API's shape, to every server process; each relays it to its
 * socket.io clients. Going through the database lets workers and servers run as separate processes.
 */
export function createNotify(deps: { issues: IssueStore }) {
  return async function notify(input: { repoId: number; number: number }): Promise<{ published: boolean }> {
    const detail = await deps.issues.detail({ repoId: input.repoId, number: input.number });
    if (!detail) return { published: false };
    await deps.issues.publish(detail);
    return { published: true };
  };
}
