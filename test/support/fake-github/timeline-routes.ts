import type { FakeState, Routes } from './state';

// GET /repos/{owner}/{repo}/issues/{number}/timeline: where people's "Duplicate of #N" comments and
// GitHub's `marked_as_duplicate` events live. Seeded with markDuplicate and addTimelineItem.

type TimelineItem = Record<string, unknown>;

const timelines = new WeakMap<FakeState, Map<string, TimelineItem[]>>();
const key = (repo: string, number: number) => `${repo.toLowerCase()}#${number}`;

function itemsOf(state: FakeState, repo: string, number: number): TimelineItem[] {
  let byIssue = timelines.get(state);
  if (!byIssue) timelines.set(state, (byIssue = new Map()));
  let items = byIssue.get(key(repo, number));
  if (!items) byIssue.set(key(repo, number), (items = []));
  return items;
}

/** Adds an item to an issue's timeline as GitHub would list it. */
export function addTimelineItem(state: FakeState, repo: string, number: number, item: TimelineItem): void {
  const items = itemsOf(state, repo, number);
  items.push({ id: items.length + 1, created_at: new Date().toISOString(), actor: { login: 'maintainer' }, ...item });
}

/** Closes the issue as a duplicate, saying of which by a "Duplicate of #N" comment, in the event itself, or not at all (null). */
export function markDuplicate(state: FakeState, repo: string, number: number, of: number | null, how: 'comment' | 'event'): void {
  state.issue(repo, number, { state: 'closed', stateReason: 'duplicate' });
  if (how === 'comment' && of !== null) addTimelineItem(state, repo, number, { event: 'commented', body: `Duplicate of #${of}`, user: { login: 'maintainer' } });
  addTimelineItem(state, repo, number, { event: 'marked_as_duplicate', ...(how === 'event' && of !== null ? { canonical: { number: of, repository: { full_name: repo } } } : {}) });
  addTimelineItem(state, repo, number, { event: 'closed', state_reason: 'duplicate' });
}

export const timelineRoutes: Routes = (req, state) => {
  const m = req.method === 'GET' ? req.path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/timeline$/) : null;
  if (!m) return undefined;
  if (!state.repo(m[1]!).issues.has(Number(m[2]))) return { status: 404, body: { message: 'Not Found' } };
  const items = itemsOf(state, m[1]!, Number(m[2]));
  const perPage = Number(req.query.get('per_page') ?? 30);
  const page = Number(req.query.get('page') ?? 1);
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage) };
};
