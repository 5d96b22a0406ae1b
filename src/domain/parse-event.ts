import { z } from 'zod';
import type { GithubEvent, IssuesAction } from './github-event';

// Only the fields triage reads are checked; GitHub adds fields over time and we must not reject those.
// Numbers must fit the columns that store them, and times must be times, because a value GitHub never
// sends ("infinity", an id past 2^31) would otherwise be accepted and fail later, where nobody sees it.
// Lengths are not checked: any title or body GitHub serves is triaged (GitHub's own 25 MB cap on a
// delivery is the webhook door's).

export const HANDLED_ISSUE_ACTIONS: readonly IssuesAction[] = ['opened', 'edited', 'reopened', 'closed', 'labeled', 'unlabeled', 'deleted', 'transferred', 'assigned', 'unassigned', 'typed', 'untyped'];

const INT4_MAX = 2_147_483_647;
/** A GitHub id: stored as bigint, read as a JavaScript number. */
const id = z.number().int('must be a whole number, as GitHub ids are').positive('must be positive, as GitHub ids are')
  .max(Number.MAX_SAFE_INTEGER, `must be at most ${Number.MAX_SAFE_INTEGER}: GitHub ids are 64-bit integers well below it`);
const count = z.number().int('must be a whole number').nonnegative('must not be negative').max(INT4_MAX, `must be at most ${INT4_MAX}`);
// GitHub's times: UTC ISO-8601 date-times such as 2024-05-01T12:00:00Z.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const label = z.object({ name: z.string(), description: z.string().nullish() });
const issue = z.object({
  id,
  number: z.number().int('must be a whole number').positive('must be positive').max(INT4_MAX, `must be at most ${INT4_MAX}: GitHub issue numbers are 32-bit`),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  html_url: z.string().nullish(),
  user: z.object({ login: z.string() }).nullish(),
  labels: z.array(label).nullish(),
  comments: count.nullish(),
  reactions: z.object({ total_count: count }).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  pull_request: z.unknown().optional(),
  // The organization's issue type (Bug, Feature, …); a person's choice is a correction of the category.
  type: z.object({ name: z.string() }).nullish(),
});
const repository = z.object({ id, full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must look like owner/name'), private: z.boolean().nullish() });
const comment = z.object({ id, user: z.object({ login: z.string() }).nullish(), created_at: z.string() });

// Who acted, which label changed and the App installation: write-back and label corrections need them.
const sender = z.object({ login: z.string(), type: z.string().nullish() }).nullish();
const installation = z.object({ id }).nullish();
// `type` is the issue type a typed/untyped event set or took off.
const issuesPayload = z.object({
  action: z.string(), issue, repository, sender, installation, label: label.nullish(), assignee: z.object({ login: z.string() }).nullish(), type: z.object({ name: z.string() }).nullish(),
});
const commentPayload = z.object({ action: z.string(), issue, repository, comment, sender, installation });

export type ParseResult =
  | { kind: 'event'; event: GithubEvent }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; message: string };

// Sane bounds, not a guess at a sender's clock: GitHub was founded in 2008, and nothing it sends lies
// past this century. Values outside them ('0001-01-01', year 275760) are no time GitHub ever sent.
const EARLIEST_MS = Date.parse('2007-10-01T00:00:00Z');
const LATEST_MS = Date.parse('2100-01-01T00:00:00Z');

/** The first of the payload's times that is not a time GitHub could have sent, described; undefined when all are. */
function badTimeOf(p: { issue: { created_at?: string | null; updated_at?: string | null }; comment?: { created_at: string } }): string | undefined {
  const fields: [string, string | null | undefined][] = [['issue.created_at', p.issue.created_at], ['issue.updated_at', p.issue.updated_at], ['comment.created_at', p.comment?.created_at]];
  for (const [field, value] of fields) {
    if (value === null || value === undefined) continue;
    const ms = ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    if (!Number.isFinite(ms)) return `${field}: ${shown} is not an ISO-8601 date-time; GitHub sends UTC times such as 2024-05-01T12:00:00Z`;
    if (ms < EARLIEST_MS || ms >= LATEST_MS) return `${field}: ${shown} is outside 2007-2099, where every time GitHub sends falls; GitHub sends the time of the change, such as 2024-05-01T12:00:00Z`;
  }
  return undefined;
}

/** Text as PostgreSQL can store it: a NUL character (JSON's \u0000 escape) becomes U+FFFD, the rest is kept. */
const storable = (text: string): string => (text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text);

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
  const badTime = badTimeOf(p);
  if (badTime) return { kind: 'invalid', message: `The ${name} payload is not a GitHub ${name} event: ${badTime}.` };
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
        title: storable(p.issue.title),
        body: storable(p.issue.body ?? ''),
        author: p.issue.user?.login ?? null,
        url: p.issue.html_url ?? null,
        state,
        labels: labels.map((l) => storable(l.name)),
        reactions: p.issue.reactions?.total_count ?? 0,
        commentsCount: p.issue.comments ?? 0,
        // Public reads show an issue only when GitHub said its repository is public.
        repoPrivate: p.repository.private ?? true,
        ...(p.issue.type !== undefined ? { type: p.issue.type ? storable(p.issue.type.name) : null } : {}),
      },
      repoLabels: labels.map((l) => ({ name: storable(l.name), ...(l.description ? { description: storable(l.description) } : {}) })),
      ...(c ? { comment: { id: c.id, author: c.user?.login ?? null, createdAt: c.created_at } } : {}),
      ...(p.sender ? { sender: { login: p.sender.login, type: p.sender.type ?? 'User' } } : {}),
      ...(p.installation ? { installationId: p.installation.id } : {}),
      ...('label' in p && p.label ? { label: p.label.name } : {}),
      ...('assignee' in p && p.assignee ? { assignee: p.assignee.login } : {}),
      ...('type' in p && p.type ? { issueType: storable(p.type.name) } : {}),
    },
  };
}
