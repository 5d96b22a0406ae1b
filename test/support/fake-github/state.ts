import type http from 'node:http';
import type { FakeHook } from './hook-routes';

// What the fake GitHub knows: repositories with their issues and files, and every request it was sent.

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  comments: FakeComment[];
  user: string;
  createdAt: string;
  updatedAt: string;
  pullRequest?: boolean;
  /** Why a closed issue was closed (`completed`, `not_planned`, `duplicate`); `completed` when unset. */
  stateReason?: string;
  /** The issue type's name, as the organization defines it. */
  type?: string | null;
  /** The issue a `duplicate` close named (duplicate_of). */
  duplicateOf?: number;
}

export interface FakeComment {
  id: number;
  body: string;
  user: string;
  createdAt?: string;
  /** Reactions on the comment: `+1`, `-1`, `heart`, … by login. */
  reactions?: { content: string; user: string }[];
}

export interface FakeRepo {
  id: number;
  /** The name as created (the map's keys are lower-cased). */
  fullName?: string;
  issues: Map<number, FakeIssue>;
  files: Map<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const FAKE_BOT_LOGIN = 'triageflow-bot';
export const FAKE_INSTALLATION_TOKEN = 'ghs_fakeinstallationtoken';

export class FakeState {
  readonly repos = new Map<string, FakeRepo>();
  /** Old names of renamed repositories, to their ids. */
  readonly renamedFrom = new Map<string, number>();
  /** Logins assigned to each issue, by "owner/name#number" (lower-cased repository). */
  readonly assignees = new Map<string, string[]>();
  private nextCommentId = 1;
  /** Issue types per organization (login, lower case); an owner without an entry has none (a user account). */
  readonly issueTypes = new Map<string, string[]>();
  /** Repositories whose token may not set issue types (GitHub answers 403). */
  readonly typesForbidden = new Set<string>();
  /** The server's own address, for Link headers. */
  baseUrl = '';
  /** A person's role on a repository, by "owner/name#login" (lower case): read, triage, write, maintain, admin or none. */
  readonly roles = new Map<string, string>();
  /** The role of everyone not in `roles`. */
  defaultRole = 'maintain';
  /** A repository's App installation id, by "owner/name" (lower case); unset: 4242 as before. Null: not installed (404). */
  readonly installations = new Map<string, number | null>();
  /** Webhooks by repository (lower-case), and the GitHub App with its own webhook (hook-routes.ts). */
  readonly repoHooks = new Map<string, FakeHook[]>();
  app: { id: number; publicKey: string } | undefined;
  appHook: FakeHook | undefined;
  hookCount = 0;
  deliveryCount = 0;
  /** Repositories (lower-case) whose hooks API answers 403, as for a token without admin:repo_hook. */
  readonly hooksForbidden = new Set<string>();

  repo(name: string): FakeRepo {
    let r = this.repos.get(name.toLowerCase());
    if (!r) this.repos.set(name.toLowerCase(), (r = { id: 500_000_000 + this.repos.size + this.renamedFrom.size, fullName: name, issues: new Map(), files: new Map() }));
    return r;
  }

  /** A repository with the id the test chose (webhook payloads carry it), created or re-identified. */
  withId(name: string, id: number): FakeRepo {
    const r = this.repo(name);
    r.id = id;
    return r;
  }

  /** Renames a repository as GitHub does: same id and issues, new name; the old name redirects until taken. */
  rename(from: string, to: string): void {
    const r = this.repo(from);
    this.repos.delete(from.toLowerCase());
    this.repos.set(to.toLowerCase(), Object.assign(r, { fullName: to }));
    this.renamedFrom.set(from.toLowerCase(), r.id);
  }

  issue(repo: string, number: number, seed: Partial<FakeIssue> = {}): FakeIssue {
    const r = this.repo(repo);
    let i = r.issues.get(number);
    if (!i) {
      const now = new Date().toISOString();
      r.issues.set(number, (i = { number, title: `Issue ${number}`, body: '', state: 'open', labels: [], comments: [], user: 'octocat', createdAt: now, updatedAt: now, ...seed }));
    } else Object.assign(i, seed);
    return i;
  }

  commentId(): number {
    return this.nextCommentId++;
  }

  /** An issue as GitHub's REST API returns it. */
  issueJson(repo: string, i: FakeIssue) {
    return {
      id: i.number * 1000, number: i.number, title: i.title, body: i.body, state: i.state, user: { login: i.user, type: 'User' },
      labels: i.labels.map((name) => ({ name, description: null })), comments: i.comments.length, html_url: `https://github.example/${repo}/issues/${i.number}`,
      created_at: i.createdAt, updated_at: i.updatedAt, reactions: { total_count: 0 }, ...(i.pullRequest ? { pull_request: { url: '' } } : {}),
      state_reason: i.state === 'closed' ? (i.stateReason ?? 'completed') : null,
      type: i.type ? this.issueType(repo, i.type) : null,
    };
  }

  /** An issue type as the REST API shows it; ids are stable per name. */
  issueType(repo: string, name: string) {
    const org = repo.split('/')[0]!.toLowerCase();
    const index = (this.issueTypes.get(org) ?? []).findIndex((t) => t.toLowerCase() === name.toLowerCase());
    return { id: 100 + Math.max(index, 0), node_id: `IT_${org}_${name}`, name, description: null, color: 'gray', is_enabled: true };
  }
}

/**
 * One area of GitHub's REST API: answers the requests it knows, and undefined for the rest, so the
 * next area is asked. Areas are listed in index.ts.
 */
export type Routes = (req: RecordedRequest, state: FakeState) => Answer | undefined;
