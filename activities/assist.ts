import { ApplicationFailure } from '@temporalio/activity';
import { githubStatus, type GithubClients } from '../src/github/client';
import { assistantOf } from '../src/github/assistant-config';
import { wantedLabels } from '../src/github/label-plan';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import { RepoIdentityError } from '../src/github/write-target';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import { isSecurityReport } from '../src/domain/assistant';
import type { AssistantStore } from '../src/assistant/store';
import type { PermissionSource } from '../src/assistant/permission-source';
import type { TemplateSource } from '../src/assistant/missing-info/template-source';
import { detectMissingInfo } from '../src/assistant/missing-info/detect';
import { MISSING_INFO_MARKER, missingInfoComment, repoHtmlUrl, SECURITY_MARKER, securityComment } from '../src/assistant/comments';
import { requiredItems, whyNotAssign } from '../src/assistant/decide';
import { matchOwner, pickBalanced } from '../src/assistant/owners/match';
import { ASSISTANT_FEATURES, type AssistantTarget, type AssistantWriter, type OpenWriter } from '../src/assistant/writer';
import { readDelivery } from './read-delivery';

export interface AssistDeps {
  github: GithubClients;
  repoConfigs: RepoConfigSource;
  deliveries: DeliveryReader;
  issues: IssueStore;
  assistant: AssistantStore;
  templates: TemplateSource;
  permissions: PermissionSource;
  openWriter: OpenWriter;
}

/** What led to this step: a triage, a person's correction or approval, the review deadline, or the issue's own events. */
export type AssistTrigger = 'classification' | 'correction' | 'approval' | 'review-timeout' | 'edited' | 'comment';

export interface AssistInput {
  repoId: number;
  repoFullName: string;
  number: number;
  trigger: AssistTrigger;
  /** The delivery behind it (its installation id; for a comment, who wrote it). */
  deliveryId?: string;
  /** A person has triaged the issue: the assistant never asks for information then. */
  corrected: boolean;
}

export interface AssistResult {
  /** The assistant asked for information and the author has not supplied it yet. */
  awaitingInfo: boolean;
  /** What was missing is now there: the label came off, and the issue is triaged again. */
  infoReceived: boolean;
}

const NOTHING: AssistResult = { awaitingInfo: false, infoReceived: false };

/**
 * The triage assistant's writes after a triage is written (or released by the review gate): the fixed
 * comment on a security report, the one comment asking for missing information and its label (and the
 * label's removal once the information is there), and assigning the matching owner. Every write goes
 * through the write-back path (dry run, ledger); every finding is stored for the dashboard. Idempotent:
 * what was done is recorded first-hand (store, ledger, hidden markers on GitHub), so a retry or a
 * redelivery writes nothing twice.
 */
export function createAssist(deps: AssistDeps) {
  return async function assist(input: AssistInput): Promise<AssistResult> {
    const event = input.deliveryId ? await readDelivery(deps.deliveries, input.deliveryId) : undefined;
    const installationId = event?.installationId;
    const { config } = await deps.repoConfigs.load(input.repoFullName, input.repoId, installationId);
    const a = assistantOf(config);
    if (!a.missingInfo && !a.security && a.owners.length === 0) return NOTHING;
    const issue = await deps.issues.detail({ repoId: input.repoId, number: input.number });
    if (!issue?.triage) return NOTHING;
    const triage = issue.triage;
    const dryRun = config.dryRun || !deps.github.configured;
    const record = await deps.assistant.get(input.repoId, input.number);
    const security = isSecurityReport(triage);
    const ref = { repoId: input.repoId, repoFullName: input.repoFullName, number: input.number, installationId };
    const cause = { kind: input.trigger, ref: input.deliveryId ?? null };

    try {
      const { writer, target } = await deps.openWriter(ref, cause, dryRun);
      const comments = lazyComments(target);

      if (security && a.security?.comment && !record.securityCommentAt) {
        if (!(await comments.any(SECURITY_MARKER))) await writer.comment(securityComment(a.security.comment, a.security.advisoryUrl, repoHtmlUrl(issue.url, input.repoFullName)), ASSISTANT_FEATURES.security);
        await deps.assistant.markSecurityComment(input.repoId, input.number);
      }

      let result = NOTHING;
      const required = requiredItems(a, triage.category);
      if (a.missingInfo && required) {
        // A request made in a dry run is not one the author saw: once live, the assistant may ask for real.
        const asked = Boolean(record.infoRequestedAt) && (dryRun || record.infoDryRun === false);
        const waiting = asked && !record.infoResolvedAt;
        // A comment counts when its author is the issue's: only they can answer for the report.
        if (input.trigger === 'comment' && (!waiting || event?.comment?.author !== issue.author)) return { awaitingInfo: waiting, infoReceived: false };
        const answers = waiting && issue.author ? await comments.by(issue.author) : [];
        const templates = await deps.templates.load(input.repoFullName, installationId);
        const found = detectMissingInfo({ repo: input.repoFullName, title: issue.title, body: [issue.body, ...answers].join('\n\n'), required, templates });

        if (waiting) {
          await deps.assistant.recordMissingInfo(input.repoId, input.number, { missing: found.missing, present: found.present, skipped: null });
          if (found.missing.length === 0) {
            await writer.removeOwnLabel(a.missingInfo.label, ASSISTANT_FEATURES.missingInfo);
            await deps.assistant.markInfoResolved(input.repoId, input.number);
            result = { awaitingInfo: false, infoReceived: true };
          } else result = { awaitingInfo: true, infoReceived: false };
        } else if (!asked) {
          let skipped = security ? 'It is a security report: nothing about it is discussed in public.' : input.corrected ? 'A person has already triaged this issue.' : null;
          if (!skipped && found.missing.length) {
            if (!issue.author) skipped = 'GitHub did not say who wrote the issue.';
            else if (await deps.permissions.canWrite(input.repoFullName, issue.author, installationId)) skipped = `The author (${issue.author}) can write to the repository.`;
          }
          await deps.assistant.recordMissingInfo(input.repoId, input.number, { missing: found.missing, present: found.present, skipped });
          if (!skipped && found.missing.length) {
            const id = (await comments.any(MISSING_INFO_MARKER)) ? null : await writer.comment(missingInfoComment(found.missing.map((m) => m.item), a.missingInfo.label, a.missingInfo.comment), ASSISTANT_FEATURES.missingInfo);
            await writer.addLabels([a.missingInfo.label], ASSISTANT_FEATURES.missingInfo);
            await deps.assistant.markInfoRequested(input.repoId, input.number, { id, dryRun });
            result = { awaitingInfo: true, infoReceived: false };
          }
        } else {
          await deps.assistant.recordMissingInfo(input.repoId, input.number, { missing: found.missing, present: found.present, skipped: null });
        }
      }

      if (a.owners.length) {
        const labels = [...issue.githubLabels, ...wantedLabels(triage, config), ...triage.labels, triage.category];
        const match = matchOwner(a.owners, { title: issue.title, body: issue.body, labels });
        await deps.assistant.recordOwner(input.repoId, input.number, match && { team: match.team, logins: match.logins, rule: match.rule, matchedBy: match.matchedBy });
        if (match && record.assigned.length === 0) await assignOwner(deps, writer, target, match, record.assignmentChanges.length > 0, input);
      }
      return result;
    } catch (err) {
      // The repository on record is gone (write-target.ts): retrying cannot bring it back.
      if (err instanceof RepoIdentityError) throw ApplicationFailure.create({ type: 'GithubRefused', nonRetryable: true, message: err.message });
      const status = githubStatus(err);
      if (status === undefined) throw err;
      // 403/404: a permission retrying cannot fix (the next triage tries again); others: GitHub's trouble.
      throw ApplicationFailure.create({
        type: status === 403 || status === 404 ? 'GithubRefused' : 'GithubUnavailable', nonRetryable: status === 403 || status === 404,
        message: `GitHub answered ${status} to the triage assistant: ${(err as Error).message}${status === 403 ? `. Give the token or App "Issues: read and write" on ${input.repoFullName}.` : ''}`,
      });
    }
  };
}

async function assignOwner(deps: AssistDeps, writer: AssistantWriter, target: AssistantTarget | null, match: NonNullable<ReturnType<typeof matchOwner>>, personChanged: boolean, input: AssistInput): Promise<void> {
  const onIssue = target ? (await target.octokit.issues.get({ owner: target.owner, repo: target.repo, issue_number: target.number })).data.assignees?.map((u) => u.login) ?? [] : [];
  const skipped = whyNotAssign({ logins: match.logins, onIssue, personChanged, assignedBefore: [] });
  if (skipped) return void (await deps.assistant.recordAssigned(input.repoId, input.number, [], skipped));
  const logins = match.balance && target ? pickBalanced(match.logins, await openAssigned(target, match.logins)) : match.balance ? match.logins.slice(0, 1) : match.logins;
  await writer.assign(logins, ASSISTANT_FEATURES.owners);
  await deps.assistant.recordAssigned(input.repoId, input.number, logins, null);
}

// Balancing counts a login's open assigned issues (pull requests left out), up to a few pages: past
// that, the count only has to be "many".
async function openAssigned(target: AssistantTarget, logins: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const login of logins) {
    let n = 0;
    for await (const page of target.octokit.paginate.iterator(target.octokit.issues.listForRepo, { owner: target.owner, repo: target.repo, assignee: login, state: 'open', per_page: 100 })) {
      n += page.data.filter((i) => !i.pull_request).length;
      if (n >= 500) break;
    }
    counts.set(login, n);
  }
  return counts;
}

/** The issue's comments, read once and only if needed (a dry run reads none). */
function lazyComments(target: AssistantTarget | null) {
  let all: Promise<{ body?: string; user?: { login: string } | null }[]> | undefined;
  const read = () => (all ??= target
    ? target.octokit.paginate(target.octokit.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: target.number, per_page: 100 })
    : Promise.resolve([]));
  return {
    any: async (marker: string) => (await read()).some((c) => c.body?.includes(marker)),
    by: async (login: string) => (await read()).filter((c) => c.user?.login.toLowerCase() === login.toLowerCase()).map((c) => c.body ?? ''),
  };
}
