import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server speaking the parts of GitHub's REST API Triageflow uses, on an ephemeral loopback
// port. Tests point GITHUB_API_URL at it, seed issues and files, script failures (403, 404, the
// secondary rate limit), and read back every request as Octokit sent it.

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: { id: number; body: string; user: string }[];
  user: string;
  createdAt: string;
  updatedAt: string;
  pullRequest?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface ScriptedFailure {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose method and path match, e.g. ('POST', /\/labels$/). */
  requestsTo(method: string, path: RegExp): RecordedRequest[];
  issue(repo: string, number: number, seed?: Partial<FakeIssue>): FakeIssue;
  setFile(repo: string, path: string, text: string | null): void;
  /** The repository's id, as GET /repos/{owner}/{repo} reports it. */
  repoId(repo: string): number;
  /** Answers the next matching requests (path, plus ?query when there is one) with these failures, in order. */
  fail(method: string, path: RegExp, ...failures: ScriptedFailure[]): void;
  close(): Promise<void>;
}

export const FAKE_BOT_LOGIN = 'triageflow-bot';
export const FAKE_INSTALLATION_TOKEN = 'ghs_fakeinstallationtoken';

export async function startFakeGithub(): Promise<FakeGithub> {
  const requests: RecordedRequest[] = [];
  const repos = new Map<string, { id: number; issues: Map<number, FakeIssue>; files: Map<string, string> }>();
  const failures: { method: string; path: RegExp; failure: ScriptedFailure }[] = [];
  let nextCommentId = 1;
  const repoOf = (name: string) => {
    let r = repos.get(name.toLowerCase());
    if (!r) repos.set(name.toLowerCase(), (r = { id: 500_000_000 + repos.size, issues: new Map(), files: new Map() }));
    return r;
  };
  const issueOf = (repo: string, number: number, seed: Partial<FakeIssue> = {}) => {
    const r = repoOf(repo);
    let i = r.issues.get(number);
    if (!i) {
      const now = new Date().toISOString();
      r.issues.set(number, (i = { number, title: `Issue ${number}`, body: '', state: 'open', labels: [], comments: [], user: 'octocat', createdAt: now, updatedAt: now, ...seed }));
    } else Object.assign(i, seed);
    return i;
  };
  const issueJson = (repo: string, i: FakeIssue) => ({
    id: i.number * 1000, number: i.number, title: i.title, body: i.body, state: i.state, user: { login: i.user, type: 'User' },
    labels: i.labels.map((name) => ({ name, description: null })), comments: i.comments.length, html_url: `https://github.example/${repo}/issues/${i.number}`,
    created_at: i.createdAt, updated_at: i.updatedAt, reactions: { total_count: 0 }, ...(i.pullRequest ? { pull_request: { url: '' } } : {}),
  });

  const route = (req: RecordedRequest, baseUrl: string): { status: number; body: unknown; headers?: Record<string, string> } => {
    const { method, path } = req;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/user') return { status: 200, body: { login: FAKE_BOT_LOGIN, type: 'User' } };
    if (method === 'GET' && path === '/app') return { status: 200, body: { id: 1, slug: 'triageflow' } };
    if (method === 'POST' && (m = path.match(/^\/app\/installations\/(\d+)\/access_tokens$/))) {
      return { status: 201, body: { token: FAKE_INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { issues: 'write' } } };
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)$/))) return { status: 200, body: { id: repoOf(m[1]!).id, full_name: m[1], default_branch: 'main' } };
    if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/installation$/))) return { status: 200, body: { id: 4242 } };
    if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/))) {
      const text = repoOf(m[1]!).files.get(decodeURIComponent(m[2]!));
      if (text === undefined) return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: { type: 'file', encoding: 'base64', name: m[2], path: decodeURIComponent(m[2]!), content: Buffer.from(text).toString('base64') } };
    }
    if ((m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/.*)?$/))) {
      const [repo, number, rest] = [m[1]!, Number(m[2]), m[3] ?? ''];
      const issue = repoOf(repo).issues.get(number);
      if (!issue) return { status: 404, body: { message: 'Not Found' } };
      if (method === 'GET' && rest === '') return { status: 200, body: issueJson(repo, issue) };
      if (method === 'POST' && rest === '/labels') {
        for (const l of req.body.labels as string[]) if (!issue.labels.some((x) => x.toLowerCase() === l.toLowerCase())) issue.labels.push(l);
        return { status: 200, body: issue.labels.map((name) => ({ name })) };
      }
      if (method === 'GET' && rest === '/comments') return { status: 200, body: issue.comments.map((c) => ({ id: c.id, body: c.body, user: { login: c.user } })) };
      if (method === 'POST' && rest === '/comments') {
        const c = { id: nextCommentId++, body: req.body.body as string, user: FAKE_BOT_LOGIN };
        issue.comments.push(c);
        return { status: 201, body: { id: c.id, body: c.body, user: { login: c.user } } };
      }
    }
    if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/issues$/))) return listIssues(m[1]!, req.query, baseUrl);
    return { status: 404, body: { message: `The fake GitHub has no route ${method} ${path}` } };
  };

  // GET /repos/{repo}/issues: oldest first by creation ("sort=created&direction=asc"), paged with Link.
  const listIssues = (repo: string, q: URLSearchParams, baseUrl: string): { status: number; body: unknown; headers: Record<string, string> } => {
    const perPage = Number(q.get('per_page') ?? 30);
    const page = Number(q.get('page') ?? 1);
    const since = q.get('since');
    const state = q.get('state') ?? 'open';
    const all = [...repoOf(repo).issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => !since || i.updatedAt >= since)
      .sort((a, b) => a.number - b.number);
    const items = all.slice((page - 1) * perPage, page * perPage).map((i) => issueJson(repo, i));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) => {
      const u = new URL(`${baseUrl}/repos/${repo}/issues`);
      q.forEach((v, k) => u.searchParams.set(k, v));
      u.searchParams.set('page', String(p));
      return `<${u}>; rel="${rel}"`;
    };
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return { status: 200, body: items, headers: links.length ? { link: links.join(', ') } : {} };
  };

  let baseUrl = '';
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : null };
      requests.push(recorded);
      // Failures match the path, with the query string when there is one (to fail one page of a list).
      const target = url.search ? `${url.pathname}${url.search}` : url.pathname;
      const scripted = failures.findIndex((f) => f.method === recorded.method && f.path.test(target));
      const failure = scripted >= 0 ? failures.splice(scripted, 1)[0]!.failure : undefined;
      const answer = failure
        ? { status: failure.status, body: { message: failure.message, documentation_url: 'https://docs.github.com/rest' }, headers: failure.headers }
        : route(recorded, baseUrl);
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    requestsTo: (method, path) => requests.filter((r) => r.method === method && path.test(r.path)),
    issue: issueOf,
    repoId: (repo) => repoOf(repo).id,
    setFile: (repo, path, text) => void (text === null ? repoOf(repo).files.delete(path) : repoOf(repo).files.set(path, text)),
    fail: (method, path, ...fs) => void failures.push(...fs.map((failure) => ({ method, path, failure }))),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
