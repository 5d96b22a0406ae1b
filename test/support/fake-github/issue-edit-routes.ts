import type { Answer, FakeIssue, FakeState, RecordedRequest, Routes } from './state';

// Editing an issue: PATCH of its type, state and state_reason, and DELETE of one label, with the
// answers GitHub gives when the owner has no such issue type or the token may not set one.

export const issueEditRoutes: Routes = (req, state) => {
  const m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/labels\/(.+))?$/);
  if (!m || !(req.method === 'PATCH' && !m[3]) && !(req.method === 'DELETE' && m[3])) return undefined;
  const [repo, number] = [m[1]!, Number(m[2])];
  const issue = state.repo(repo).issues.get(number);
  if (!issue) return { status: 404, body: { message: 'Not Found' } };
  if (req.method === 'DELETE') {
    const name = decodeURIComponent(m[4]!);
    const at = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
    if (at < 0) return { status: 404, body: { message: 'Label does not exist', documentation_url: 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue' } };
    issue.labels.splice(at, 1);
    return { status: 200, body: issue.labels.map((l) => ({ name: l, description: null })) };
  }
  return patchIssue(req, state, repo, issue);
};

function patchIssue(req: RecordedRequest, state: FakeState, repo: string, issue: FakeIssue): Answer {
  const body = (req.body ?? {}) as { type?: string | null; state?: string; state_reason?: string | null; duplicate_of?: number };
  if (body.type !== undefined) {
    if (state.typesForbidden.has(repo.toLowerCase())) {
      return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/issues#update-an-issue' } };
    }
    const types = state.issueTypes.get(repo.split('/')[0]!.toLowerCase()) ?? [];
    const known = body.type === null ? null : types.find((t) => t.toLowerCase() === body.type!.toLowerCase());
    if (known === undefined) {
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'type', code: 'invalid', value: body.type }], documentation_url: 'https://docs.github.com/rest/issues/issues#update-an-issue' } };
    }
    issue.type = known;
  }
  if (body.state === 'closed' || body.state === 'open') {
    if (body.state_reason && !['completed', 'not_planned', 'duplicate', 'reopened'].includes(body.state_reason)) {
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'state_reason', code: 'invalid' }] } };
    }
    issue.state = body.state;
    issue.stateReason = body.state === 'closed' ? (body.state_reason ?? 'completed') : undefined;
    if (body.state_reason === 'duplicate' && body.duplicate_of) issue.duplicateOf = body.duplicate_of;
  }
  issue.updatedAt = new Date().toISOString();
  return { status: 200, body: state.issueJson(repo, issue) };
}
