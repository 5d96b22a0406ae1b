import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authRoutes } from './auth-routes';
import { collaboratorRoutes } from './collaborator-routes';
import { installationRoutes } from './installation-routes';
import { hookRoutes } from './hook-routes';
import { issueRoutes } from './issue-routes';
import { issueEditRoutes } from './issue-edit-routes';
import { issueTypeRoutes } from './issue-type-routes';
import { reactionRoutes } from './reaction-routes';
import { repoRoutes } from './repo-routes';
import { assigneeRoutes } from './assignee-routes';
import { issueTemplateRoutes } from './issue-template-routes';
import { timelineRoutes } from './timeline-routes';
import { FakeState, type Answer, type FakeIssue, type RecordedRequest, type Routes } from './state';

// A real HTTP server speaking the parts of GitHub's REST API Triageflow uses, on an ephemeral loopback
// port. Tests point GITHUB_API_URL at it, seed issues and files, script failures (403, 404, the
// secondary rate limit), and read back every request as Octokit sent it. Each area of the API is a
// module of routes of its own; a new area is one more entry in ROUTES.

export { FAKE_BOT_LOGIN, FAKE_INSTALLATION_TOKEN, type FakeIssue, type RecordedRequest } from './state';

// The triage assistant's areas come first: they add assignees to an issue and answer folder listings;
// the installation area answers before the repository's default one (4242) when a test sets one.
const ROUTES: Routes[] = [
  authRoutes, installationRoutes, issueTemplateRoutes, assigneeRoutes, collaboratorRoutes, repoRoutes, issueEditRoutes, issueTypeRoutes, reactionRoutes, timelineRoutes, issueRoutes, hookRoutes,
];

export interface ScriptedFailure {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  /** The fake's repositories and issues, for areas that seed more than issues and files. */
  state: FakeState;
  /** Requests whose method and path match, e.g. ('POST', /\/labels$/). */
  requestsTo(method: string, path: RegExp): RecordedRequest[];
  issue(repo: string, number: number, seed?: Partial<FakeIssue>): FakeIssue;
  setFile(repo: string, path: string, text: string | null): void;
  /** Sets a collaborator's permission ('admin', 'maintain', 'write', 'triage', 'read'). */
  setPermission(repo: string, login: string, permission: string): void;
  /** The logins assigned to an issue. */
  assignees(repo: string, number: number): string[];
  /** The repository's id, as GET /repos/{owner}/{repo} reports it. */
  repoId(repo: string): number;
  /** Answers the next matching requests (path, plus ?query when there is one) with these failures, in order. */
  fail(method: string, path: RegExp, ...failures: ScriptedFailure[]): void;
  close(): Promise<void>;
}

export async function startFakeGithub(): Promise<FakeGithub> {
  const requests: RecordedRequest[] = [];
  const state = new FakeState();
  const failures: { method: string; path: RegExp; failure: ScriptedFailure }[] = [];
  const route = (req: RecordedRequest): Answer => {
    for (const routes of ROUTES) {
      const answer = routes(req, state);
      if (answer) return answer;
    }
    return { status: 404, body: { message: `The fake GitHub has no route ${req.method} ${req.path}` } };
  };

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
        : route(recorded);
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', 'x-ratelimit-limit': '5000', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: state.baseUrl,
    requests,
    state,
    requestsTo: (method, path) => requests.filter((r) => r.method === method && path.test(r.path)),
    issue: (repo, number, seed) => state.issue(repo, number, seed),
    repoId: (repo) => state.repo(repo).id,
    setPermission(repo, login, permission) {
      state.roles.set(`${repo}#${login}`.toLowerCase(), permission);
    },
    assignees: (repo, number) => state.assignees.get(`${repo.toLowerCase()}#${number}`) ?? [],
    setFile: (repo, path, text) => void (text === null ? state.repo(repo).files.delete(path) : state.repo(repo).files.set(path, text)),
    fail: (method, path, ...fs) => void failures.push(...fs.map((failure) => ({ method, path, failure }))),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
