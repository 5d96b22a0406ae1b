import { prefs } from './prefs.js';

// The socket.io connection that streams `issue.updated` events (each a full IssueDetail).
export const ISSUE_UPDATED_EVENT = 'issue.updated';

/**
 * Connects and reports the connection state: connecting, live, reconnecting, offline or unavailable.
 * `onResync` runs after a reconnect, because events sent while disconnected are not replayed.
 */
export function connectLive({ onIssue, onState, onResync, onUnauthorized }) {
  if (typeof io !== 'function') {
    onState('unavailable');
    return null;
  }
  // A function, so every reconnect sends the token saved most recently.
  const socket = io({ reconnectionDelayMax: 10_000, auth: (send) => send({ token: prefs.token }) });
  let connectedBefore = false;
  onState('connecting');
  socket.on('connect', () => {
    onState('live');
    if (connectedBefore) onResync();
    connectedBefore = true;
  });
  socket.on('disconnect', (reason) => onState(reason === 'io client disconnect' ? 'offline' : 'reconnecting'));
  socket.on('connect_error', (err) => {
    // The server refused the handshake (no or wrong token): retrying with the same token cannot help.
    if (String(err?.message).startsWith('unauthorized')) {
      socket.disconnect();
      onState('locked');
      onUnauthorized?.(err.message);
      return;
    }
    onState(connectedBefore ? 'reconnecting' : 'connecting');
  });
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
  locked: 'Token needed',
};

const TITLES = {
  live: 'Connected: new and updated issues appear as they happen',
  reconnecting: 'Lost the live connection; retrying. The list may be out of date.',
  offline: 'Not connected; reload the page to retry',
  unavailable: 'The socket.io client did not load; reload to see new issues',
  locked: 'This dashboard needs the dashboard token to show issues',
};

export function showConnection(el, state) {
  el.dataset.state = state;
  el.querySelector('.conn__label').textContent = LABELS[state] ?? state;
  el.title = TITLES[state] ?? '';
}
