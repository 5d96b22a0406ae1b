import type { Answer, FakeState, RecordedRequest, Routes } from './state';

/** Issue assignees: added and removed through the REST API, shown on the issue and listed by assignee. */
export const assigneeRoutes: Routes = (req, state) => {
  let m: RegExpMatchArray | null;
  if ((m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/assignees)?$/))) {
    const [repo, number, sub] = [m[1]!, Number(m[2]), m[3]];
    const issue = state.repo(repo).issues.get(number);
    if (!issue) return undefined;
    const key = `${repo.toLowerCase()}#${number}`;
    const current = state.assignees.get(key) ?? [];
    const withAssignees = (): Answer => {
      const logins = state.assignees.get(key) ?? [];
      return { status: req.method === 'POST' ? 201 : 200, body: { ...state.issueJson(repo, issue), assignee: logins[0] ? { login: logins[0] } : null, assignees: logins.map((login) => ({ login, type: 'User' })) } };
    };
    if (req.method === 'GET' && !sub) return withAssignees();
    if (req.method === 'POST' && sub) {
      const added = (req.body?.assignees ?? []) as string[];
      // GitHub silently ignores logins that cannot be assigned; this fake takes every one.
      state.assignees.set(key, [...current, ...added.filter((a) => !current.some((c) => c.toLowerCase() === a.toLowerCase()))].slice(0, 10));
      return withAssignees();
    }
    if (req.method === 'DELETE' && sub) {
      const removed = new Set(((req.body?.assignees ?? []) as string[]).map((a) => a.toLowerCase()));
      state.assignees.set(key, current.filter((c) => !removed.has(c.toLowerCase())));
      return withAssignees();
    }
    return undefined;
  }
  if (req.method === 'GET' && (m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/issues$/)) && req.query.get('assignee')) return byAssignee(state, m[1]!, req);
  return undefined;
};

// GET /repos/{repo}/issues?assignee=LOGIN&state=open: the issues assigned to one login (balancing counts them).
function byAssignee(state: FakeState, repo: string, req: RecordedRequest): Answer {
  const login = req.query.get('assignee')!.toLowerCase();
  const wanted = req.query.get('state') ?? 'open';
  const items = [...state.repo(repo).issues.values()]
    .filter((i) => (wanted === 'all' || i.state === wanted) && (state.assignees.get(`${repo.toLowerCase()}#${i.number}`) ?? []).some((a) => a.toLowerCase() === login))
    .map((i) => state.issueJson(repo, i));
  return { status: 200, body: items };
}
