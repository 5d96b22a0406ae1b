// Builds webhook bodies in GitHub's documented shape for the `demo` command and tests; only the
// values differ from a real delivery.

export interface SampleIssue {
  action?: string;
  repoId?: number;
  repoFullName?: string;
  number?: number;
  title?: string;
  body?: string;
  labels?: { name: string; description?: string }[];
  state?: 'open' | 'closed';
  author?: string;
  reactions?: number;
  comments?: number;
  /** The issue's updated_at; a flood of edits needs increasing values. */
  updatedAt?: string;
  /** The organization's issue type on the issue (null: none); left out of the payload when undefined. */
  type?: string | null;
}

/** An issue type as webhooks and the REST API show it. */
export const issueTypeJson = (name: string) => ({ id: 100 + name.length, node_id: `IT_${name}`, name, description: null, color: 'gray', is_enabled: true });

export function issuesPayload(s: SampleIssue = {}): Record<string, unknown> {
  const repoFullName = s.repoFullName ?? 'octo-org/hello-world';
  const [owner, name] = repoFullName.split('/') as [string, string];
  const number = s.number ?? 1;
  const now = new Date().toISOString();
  const user = (login: string) => ({ login, id: 1000 + login.length, type: 'User', site_admin: false, html_url: `https://github.com/${login}` });
  return {
    action: s.action ?? 'opened',
    issue: {
      url: `https://api.github.com/repos/${repoFullName}/issues/${number}`,
      repository_url: `https://api.github.com/repos/${repoFullName}`,
      html_url: `https://github.com/${repoFullName}/issues/${number}`,
      id: (s.repoId ?? 4242) * 100_000 + number,
      node_id: `I_kw${number}`,
      number,
      title: s.title ?? 'App crashes on start',
      user: user(s.author ?? 'octocat'),
      labels: (s.labels ?? []).map((l, i) => ({ id: i + 1, node_id: `LA_${i}`, url: '', name: l.name, color: 'd73a4a', default: false, description: l.description ?? null })),
      state: s.state ?? 'open',
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: s.comments ?? 0,
      created_at: now,
      updated_at: s.updatedAt ?? now,
      closed_at: s.state === 'closed' ? now : null,
      author_association: 'CONTRIBUTOR',
      active_lock_reason: null,
      body: s.body ?? '',
      reactions: { url: '', total_count: s.reactions ?? 0, '+1': s.reactions ?? 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 },
      ...(s.type !== undefined ? { type: s.type === null ? null : issueTypeJson(s.type) } : {}),
    },
    repository: {
      id: s.repoId ?? 4242,
      node_id: 'R_kg',
      name,
      full_name: repoFullName,
      private: false,
      owner: user(owner),
      html_url: `https://github.com/${repoFullName}`,
      default_branch: 'main',
    },
    sender: user(s.author ?? 'octocat'),
  };
}

export function issueCommentPayload(s: SampleIssue & { commentId?: number; commentBody?: string; commenter?: string; onPullRequest?: boolean } = {}): Record<string, unknown> {
  const base = issuesPayload({ ...s, action: 'created' }) as { issue: Record<string, unknown> } & Record<string, unknown>;
  if (s.onPullRequest) base.issue.pull_request = { url: `https://api.github.com/repos/${s.repoFullName ?? 'octo-org/hello-world'}/pulls/${s.number ?? 1}` };
  return {
    ...base,
    comment: {
      id: s.commentId ?? 1,
      body: s.commentBody ?? 'Same here.',
      user: { login: s.commenter ?? 'hubot', id: 2, type: 'User' },
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      author_association: 'NONE',
    },
  };
}
