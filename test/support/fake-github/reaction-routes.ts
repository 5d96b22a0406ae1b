import type { FakeComment, Routes } from './state';

// Reactions on an issue comment (GitHub sends no webhook for them: Triageflow reads them). Whether a
// person may triage is the collaborator area's (collaborator-routes.ts).

export const reactionRoutes: Routes = (req, state) => {
  if (req.method !== 'GET') return undefined;
  const m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)\/reactions$/);
  if (m) {
    const comment = findComment(state.repo(m[1]!).issues.values(), Number(m[2]));
    if (!comment) return { status: 404, body: { message: 'Not Found' } };
    const content = req.query.get('content');
    const reactions = (comment.reactions ?? []).filter((r) => !content || r.content === content);
    return { status: 200, body: reactions.map((r, i) => ({ id: i + 1, node_id: `REA_${i}`, user: { login: r.user, type: 'User' }, content: r.content, created_at: new Date().toISOString() })) };
  }
  return undefined;
};

function findComment(issues: Iterable<{ comments: FakeComment[] }>, id: number): FakeComment | undefined {
  for (const issue of issues) {
    const found = issue.comments.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}
