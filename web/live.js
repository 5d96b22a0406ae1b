// The socket.io connection that streams `issue.updated` events (each a full IssueDetail).
export const ISSUE_UPDATED_EVENT = 'issue.updated';

/**
 * Connects and reports the connection state: connecting, live, reconnecting, offline or unavailable.
 * `onResync` runs after a reconnect, because events sent while disconnected are not replayed.
 */
export function connectLive({ onIssue, onState, onResync }) {
  if (typeof io !== 'function') {
    onState('unavailable');
    return null;
  }
  const socket = io({ reconnectionDelayMax: 10_000 });
  let connectedBefore = false;
  onState('connecting');
  socket.on('connect', () => {
    onState('live');
    if (connectedBefore) onResync();
    connectedBefore = true;
  });
  socket.on('disconnect', (reason) => onState(reason === 'io client disconnect' ? 'offline' : 'reconnecting'));
  socket.on('connect_error', () => onState(connectedBefore ? 'reconnecting' : 'connecting'));
  socket.io.on('reconnect_failed', () => onState('offline'));
  socket.on(ISSUE_UPDATED_EVENT, (issue) => {
    if (issue && typeof issue.repo === 'string' && Number.isInteger(issue.number)) onIssue(issue);
  });
  return socket;
}

const LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  unavailable: 'Live updates unavailable',
};

const TITLES = {
  live: 'Connected: new and updated issues appear as they happen',
  reconnecting: 'Lost the live connection; retrying. The list may be out of date.',
  offline: 'Not connected; reload the page to retry',
  unavailable: 'The socket.io client did not load; reload to see new issues',
};

export function showConnection(el, state) {
  el.dataset.state = state;
  el.querySelector('.conn__label').textContent = LABELS[state] ?? state;
  el.title = TITLES[state] ?? '';
}
