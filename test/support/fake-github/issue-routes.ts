import { FAKE_BOT_LOGIN, type Answer, type FakeComment, type FakeState, type Routes } from './state';

/** An issue, its labels and comments, and the repository's issue list. */
export const issueRoutes: Routes = (req, state) => {
  const { method, path } = req;
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/.*)?$/))) {
    const [repo, number, rest] = [m[1]!, Number(m[2]), m[3] ?? ''];
    const issue = state.repo(repo).issues.get(number);
    if (!issue) return { status: 404, body: { message: 'Not Found' } };
    if (method === 'GET' && rest === '') return { status: 200, body: state.issueJson(repo, issue) };
    if (method === 'POST' && rest === '/labels') {
      for (const l of req.body.labels as string[]) if (!issue.labels.some((x) => x.toLowerCase() === l.toLowerCase())) issue.labels.push(l);
      return { status: 200, body: issue.labels.map((name) => ({ name })) };
    }
    const commentJson = (c: FakeComment) => ({ id: c.id, body: c.body, user: { login: c.user, type: 'User' }, created_at: c.createdAt ?? issue.createdAt });
    if (method === 'GET' && rest === '/comments') return { status: 200, body: issue.comments.map(commentJson) };
    if (method === 'POST' && rest === '/comments') {
      const c = { id: state.commentId(), body: req.body.body as string, user: FAKE_BOT_LOGIN, createdAt: new Date().toISOString() };
      issue.comments.push(c);
      return { status: 201, body: commentJson(c) };
    }
    return undefined;
  }
  if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues$/))) return listIssues(state, m[1]!, req.query);
  return undefined;
};

// GET /repos/{repo}/issues: oldest first by creation ("sort=created&direction=asc"), or by last update
// with sort=updated (in `direction`), paged with Link; `since` keeps issues updated at or after it.
function listIssues(state: FakeState, repo: string, q: URLSearchParams): Answer {
  const perPage = Number(q.get('per_page') ?? 30);
  const page = Number(q.get('page') ?? 1);
  const since = q.get('since');
  const wanted = q.get('state') ?? 'open';
  const byUpdate = q.get('sort') === 'updated';
  const sign = byUpdate && q.get('direction') !== 'asc' ? -1 : 1;
  const all = [...state.repo(repo).issues.values()]
    .filter((i) => wanted === 'all' || i.state === wanted)
    .filter((i) => !since || Date.parse(i.updatedAt) >= Date.parse(since))
    .sort((a, b) => (byUpdate ? sign * (Date.parse(a.updatedAt) - Date.parse(b.updatedAt)) || a.number - b.number : a.number - b.number));
  const items = all.slice((page - 1) * perPage, page * perPage).map((i) => state.issueJson(repo, i));
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const link = (p: number, rel: string) => {
    const u = new URL(`${state.baseUrl}/repos/${repo}/issues`);
    q.forEach((v, k) => u.searchParams.set(k, v));
    u.searchParams.set('page', String(p));
    return `<${u}>; rel="${rel}"`;
  };
  const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
  return { status: 200, body: items, headers: links.length ? { link: links.join(', ') } : {} };
}
