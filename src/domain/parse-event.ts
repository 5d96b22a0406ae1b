import { z } from 'zod';
import type { GithubEvent, IssuesAction } from './github-event';

// Only the fields triage reads are checked; GitHub adds fields over time and we must not reject those.

export const HANDLED_ISSUE_ACTIONS: readonly IssuesAction[] = ['opened', 'edited', 'reopened', 'closed', 'labeled', 'unlabeled', 'deleted', 'transferred', 'typed', 'untyped'];

const label = z.object({ name: z.string(), description: z.string().nullish() });
const issue = z.object({
  id: z.number().int(),
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  html_url: z.string().nullish(),
  user: z.object({ login: z.string() }).nullish(),
  labels: z.array(label).nullish(),
  comments: z.number().int().nonnegative().nullish(),
  reactions: z.object({ total_count: z.number().int().nonnegative() }).nullish(),
  updated_at: z.string().nullish(),
  pull_request: z.unknown().optional(),
  // The organization's issue type (Bug, Feature, …); a person's choice is a correction of the category.
  type: z.object({ name: z.string() }).nullish(),
});
const repository = z.object({ id: z.number().int().positive(), full_name: z.string().regex(/^[^/]+\/[^/]+$/, 'must look like owner/name') });
const comment = z.object({ id: z.number().int(), user: z.object({ login: z.string() }).nullish(), created_at: z.string() });

// Who acted, which label changed and the App installation: write-back and label corrections need them.
const sender = z.object({ login: z.string(), type: z.string().nullish() }).nullish();
const installation = z.object({ id: z.number().int().positive() }).nullish();
// `type` is the issue type a typed/untyped event set or took off.
const issuesPayload = z.object({ action: z.string(), issue, repository, sender, installation, label: label.nullish(), type: z.object({ name: z.string() }).nullish() });
const commentPayload = z.object({ action: z.string(), issue, repository, comment, sender, installation });

export type ParseResult =
  | { kind: 'event'; event: GithubEvent }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; message: string };

function describe(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
}

/** Turns a verified webhook body into a GithubEvent, or says why it is ignored or unusable. */
export function parseGithubEvent(name: string, deliveryId: string, body: unknown, receivedAt: Date): ParseResult {
  const action = (body as { action?: unknown } | null)?.action;
  if (name === 'issues') {
    if (!HANDLED_ISSUE_ACTIONS.includes(action as IssuesAction)) return { kind: 'ignored', reason: `issues.${String(action)} is not used for triage` };
  } else if (name === 'issue_comment') {
    if (action !== 'created') return { kind: 'ignored', reason: `issue_comment.${String(action)} is not used for triage` };
  } else {
    return { kind: 'ignored', reason: `the ${name} event is not used for triage; subscribe the webhook to "Issues" and "Issue comments" only` };
  }
  const parsed = (name === 'issues' ? issuesPayload : commentPayload).safeParse(body);
  if (!parsed.success) return { kind: 'invalid', message: `The ${name} payload is not a GitHub ${name} event: ${describe(parsed.error)}.` };
  const p = parsed.data;
  if (name === 'issue_comment' && p.issue.pull_request !== undefined) return { kind: 'ignored', reason: 'comments on pull requests are not triaged' };

  const labels = p.issue.labels ?? [];
  const state = action === 'deleted' ? 'deleted' : action === 'transferred' ? 'transferred' : p.issue.state;
  const c = 'comment' in p ? (p.comment as z.infer<typeof comment>) : undefined;
  return {
    kind: 'event',
    event: {
      deliveryId,
      event: name,
      action: action as GithubEvent['action'],
      receivedAt: receivedAt.toISOString(),
      githubUpdatedAt: p.issue.updated_at ?? null,
      issue: {
        repoId: p.repository.id,
        repoFullName: p.repository.full_name,
        number: p.issue.number,
        githubId: p.issue.id,
        title: p.issue.title,
        body: p.issue.body ?? '',
        author: p.issue.user?.login ?? null,
        url: p.issue.html_url ?? null,
        state,
        labels: labels.map((l) => l.name),
        reactions: p.issue.reactions?.total_count ?? 0,
        commentsCount: p.issue.comments ?? 0,
        ...(p.issue.type !== undefined ? { type: p.issue.type?.name ?? null } : {}),
      },
      repoLabels: labels.map((l) => ({ name: l.name, ...(l.description ? { description: l.description } : {}) })),
      ...(c ? { comment: { id: c.id, author: c.user?.login ?? null, createdAt: c.created_at } } : {}),
      ...(p.sender ? { sender: { login: p.sender.login, type: p.sender.type ?? 'User' } } : {}),
      ...(p.installation ? { installationId: p.installation.id } : {}),
      ...('label' in p && p.label ? { label: p.label.name } : {}),
      ...('type' in p && p.type ? { issueType: p.type.name } : {}),
    },
  };
}
