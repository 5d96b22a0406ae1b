import { prefs } from './prefs.js';

// The lead's HTTP API; every error is `{ error }` with a 4xx/5xx status. Reads carry the dashboard
// token kept in this browser: the server refuses them without it unless DASHBOARD_PUBLIC_READ is on.

let onUnauthorized = () => undefined;

/** Called once a read is refused with 401, so the page can ask for the token. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function request(path, init = {}) {
  let response;
  try {
    const auth = prefs.token ? { Authorization: `Bearer ${prefs.token}` } : {};
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...auth, ...init.headers } });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check that it is running.');
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
    if (response.status === 401 && (init.method ?? 'GET') === 'GET') onUnauthorized(message);
    throw new ApiError(response.status, message);
  }
  return body;
}

const issuePath = (repo, number) => {
  const [owner = '', name = ''] = String(repo).split('/');
  return `/api/issues/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/${encodeURIComponent(number)}`;
};

/** `filters` holds only the non-empty ones: repo, category, status, corrected. */
export function listIssues(filters, page, pageSize) {
  const query = new URLSearchParams({ ...filters, page: String(page), pageSize: String(pageSize) });
  return request(`/api/issues?${query}`);
}

export const getIssue = (repo, number) => request(issuePath(repo, number));

export const getStats = () => request('/api/stats');

/** `repo` may be empty (every repository); `window` is day, week or month. */
export function getAccuracy(repo, window, periods = 12) {
  const query = new URLSearchParams({ window, periods: String(periods), ...(repo ? { repo } : {}) });
  return request(`/api/accuracy?${query}`);
}

/** Issues the confidence gate holds, oldest first; `repo` may be empty (every repository). */
export const getReviewQueue = (repo) => request(`/api/review-queue${repo ? `?${new URLSearchParams({ repo })}` : ''}`);
export const getBacktests = (repo) => request(`/api/backtests${repo ? `?${new URLSearchParams({ repo })}` : ''}`);

export function postCorrection(repo, number, token, correction) {
  return request(`${issuePath(repo, number)}/corrections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(correction),
  });
}

/** The webhook inbox: backlog, each repository's pending, throttled, refused and parked counts, parked deliveries. */
export const getInbox = () => request('/api/inbox');

/** Puts parked deliveries back (`ids`), or all of them; needs the dashboard token. */
export function retryParked(token, ids) {
  return request('/api/inbox/retry', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(ids ? { ids } : { all: true }),
  });
}
