import { io, type Socket } from 'socket.io-client';
import { ISSUE_UPDATED_EVENT, type IssueDetail } from '../../../src/issues/view';

export interface TriagedWatch {
  /** Issue numbers of the repository seen as triaged on this socket. */
  triaged: Set<number>;
  /** Every update of the repository seen, per issue number. */
  updates: Map<number, number>;
  close(): void;
}

/** A dashboard's socket.io client on one server, recording the updates of one repository. */
export async function watchRepository(url: string, repoId: number, token: string): Promise<TriagedWatch> {
  const socket: Socket = io(url, { transports: ['websocket'], auth: { token } });
  const watch: TriagedWatch = { triaged: new Set(), updates: new Map(), close: () => socket.close() };
  socket.on(ISSUE_UPDATED_EVENT, (issue: IssueDetail) => {
    if (issue.repoId !== repoId) return;
    watch.updates.set(issue.number, (watch.updates.get(issue.number) ?? 0) + 1);
    if (issue.status === 'triaged') watch.triaged.add(issue.number);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return watch;
}
