import { ApplicationFailure } from '@temporalio/activity';
import { githubStatus, type GithubClients } from '../src/github/client';
import { createIssueWriter, type IssueWriter } from '../src/github/issue-writer';
import { DUPLICATE_MARKER, duplicateComment, planLabels, TRIAGE_FEATURE, type LabelPlan } from '../src/github/label-plan';
import { ledgerTriage, ledgerView, type LedgerCause, type LedgerEntry } from '../src/github/ledger';
import type { LedgerStore } from '../src/github/ledger-store';
import { reviewNeed } from '../src/github/review-rule';
import type { WriteGuard } from '../src/github/write-guard';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { RepoIdentity } from '../src/github/repo-identity';
import { RepoIdentityError, resolveIssueTarget, type IssueTarget } from '../src/github/write-target';
import { planType, type TypePlan } from '../src/github/type-plan';
import { describeTypeRefusal, isTypeRefusal } from '../src/github/issue-types';
import type { DuplicateCloseStore } from '../src/github/duplicate-close-store';
import { duplicateCountdown, type Countdown } from './duplicate-countdown';
import type { WriteBackRecord, WriteBackStatus, WriteBackStore } from '../src/github/write-back-store';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import type { TriageResult } from '../src/domain/triage';
import { readDelivery } from './read-delivery';

export interface WriteBackDeps {
  github: GithubClients;
  writeBacks: WriteBackStore;
  ledger: LedgerStore;
  closes: DuplicateCloseStore;
  repoConfigs: RepoConfigSource;
  issues: IssueStore;
  deliveries: DeliveryReader;
  repoIdentity: RepoIdentity;
  /** GitHub agrees the delivery's App installation is the repository's (write-guard.ts). */
  writeGuard: WriteGuard;
}

/** What led to a write-back, for the ledger. */
export type WriteBackCause = { kind: 'classification' | 'correction' | 'approval' | 'review-timeout' | 'info-received'; ref?: string };

export interface WriteBackInput {
  repoId: number;
  repoFullName: string;
  number: number;
  triage: TriageResult | null;
  /** The delivery that led here, for the App installation id; absent after a dashboard correction. */
  deliveryId?: string;
  /** A person approved (or corrected) the triage: the confidence gate no longer applies. */
  reviewed: boolean;
  /** Nobody reviewed the held triage in time: do what the repository's `review.onTimeout` said. */
  reviewTimedOut?: 'write' | 'skip';
  /** Absent in runs from before the ledger: it is then told from the fields above. */
  cause?: WriteBackCause;
}

export interface WriteBackResult {
  status: WriteBackStatus;
  reason: string | null;
  /** For `awaiting-review`: how long the repository's config lets the issue wait, and what then. */
  review?: { timeoutMs: number; onTimeout: 'write' | 'skip' };
  /** The issue type on the issue afterwards, when the repository maps categories to types. */
  issueType?: string | null;
  /** Close-as-duplicate: the countdown the workflow's timer keeps (null: none runs); absent when the repository does not close duplicates. */
  duplicateClose?: Countdown['running'];
}

type Saved = Omit<WriteBackRecord, 'reviewDeadline' | 'labelsRemoved' | 'issueType'> & Partial<Pick<WriteBackRecord, 'reviewDeadline' | 'labelsRemoved' | 'issueType'>>;

/**
 * Puts the triage's mapped labels (and at most one duplicate comment) on the GitHub issue, and takes off
 * the labels the triage put there earlier that it no longer maps to; what a person put on the issue
 * stays. Reads the issue first and writes only the difference, so a retry, a redelivery or a second run
 * after a worker restart writes nothing again. Every write is appended to the ledger with its cause.
 * 403 and 404 are recorded as a failed write-back with the reason (retrying cannot fix a permission);
 * other errors throw, and Temporal retries with backoff.
 */
export function createWriteBack(deps: WriteBackDeps) {
  return async function writeBack(input: WriteBackInput): Promise<WriteBackResult> {
    const { repoId, number, triage } = input;
    const save = async (record: Saved, countdown?: Countdown): Promise<WriteBackResult> => {
      await deps.writeBacks.save(repoId, number, { reviewDeadline: null, labelsRemoved: [], issueType: null, ...record });
      return {
        status: record.status, reason: record.reason,
        ...(record.issueType ? { issueType: record.issueType.after } : {}), ...(countdown ? { duplicateClose: countdown.running } : {}),
      };
    };
    if (!triage) return save({ status: 'skipped', dryRun: true, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false, reason: 'The issue has no triage yet.' });
    const installationId = input.deliveryId ? (await readDelivery(deps.deliveries, input.deliveryId)).installationId : undefined;
    // Everything read from or written to GitHub goes to the repository with the id on record, by its
    // current name: its config too, so a repository that took the old name does not configure this one.
    let target: IssueTarget | null = null;
    if (deps.github.configured) {
      try {
        target = await resolveIssueTarget(deps, { repoId, repoFullName: input.repoFullName, number, installationId });
      } catch (err) {
        if (err instanceof RepoIdentityError) return save({ status: 'failed', dryRun: false, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false, reason: err.message });
        throw asRetryable(err);
      }
    }
    const { config } = await deps.repoConfigs.load(target?.fullName ?? input.repoFullName, repoId, installationId);
    const comment = duplicateComment(config.duplicateComment, triage);
    const dryRun = config.dryRun || target === null;
    if (input.reviewTimedOut === 'skip') {
      return save({ status: 'skipped', dryRun, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false,
        reason: 'Nobody approved or corrected the low-confidence triage before review.timeout, and review.onTimeout is "skip": nothing was written. A correction still writes it.' });
    }
    const entries = await deps.ledger.list(repoId, number);
    // A dry run compares with the labels of the last webhook plus its own simulated writes, and with the
    // type the ledger last saw put on the issue, so it needs no GitHub access at all.
    const simulated = async () => {
      const view = ledgerView(entries, { dryRun: true });
      const labels = planLabels(triage, config, view.onIssue('label', (await deps.issues.issueText(repoId, number))?.labels ?? []), view);
      return { labels, type: planType(triage, config, view.present('type').at(-1) ?? null, view) };
    };

    const need = reviewNeed(triage, config, comment);
    if (need?.consequential && input.reviewTimedOut === 'write') {
      return save({ status: 'skipped', dryRun, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false,
        reason: `Nobody approved or corrected it before review.timeout, and what it would write is never written unreviewed: ${need.reason} A correction or an approval still writes it.` });
    }
    if (!input.reviewed && need) {
      const plan = await simulated();
      const { reason } = need;
      await save({
        status: 'awaiting-review', dryRun, labelsWanted: plan.labels.wanted, labelsAdded: [], labelsRemoved: plan.labels.toRemove, issueType: plan.type, comment, commentPosted: false, reason,
        reviewDeadline: new Date(Date.now() + config.review.timeoutMs).toISOString(),
      });
      return { status: 'awaiting-review', reason, review: config.review };
    }
    const cause: LedgerCause = { ...causeOf(input), triage: ledgerTriage(triage) };
    if (dryRun || !target) {
      const plan = await simulated();
      const writer = createIssueWriter({ ledger: deps.ledger, repoId, number, target: null, cause });
      await applyLabels(writer, plan.labels);
      if (plan.type?.change) await writer.setType(plan.type.change.to, plan.type.before, TRIAGE_FEATURE);
      const countdown = await duplicateCountdown(deps.closes, { repoId, number, config, triage, target: null, writer, entries });
      const why = deps.github.configured ? 'dryRun is on in the repository\'s config (the default): set dryRun: false in .github/triageflow.yml to write.' : 'No GITHUB_TOKEN or GitHub App is configured, so nothing can be written.';
      return save({
        status: 'dry-run', dryRun: true, labelsWanted: plan.labels.wanted, labelsAdded: plan.labels.toAdd, labelsRemoved: plan.labels.toRemove, issueType: plan.type,
        comment: countdown ? countdown.comment : comment, commentPosted: false, reason: why,
      }, countdown);
    }

    try {
      const { data: issue } = await target.octokit.issues.get({ owner: target.owner, repo: target.repo, issue_number: number });
      const onIssue = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
      const view = ledgerView(entries, { dryRun: false });
      const plan = planLabels(triage, config, onIssue, view);
      const writer = createIssueWriter({ ledger: deps.ledger, repoId, number, target, cause });
      await applyLabels(writer, plan);
      const issueType = await writeType(deps.ledger, { repoId, number }, target, writer, planType(triage, config, issue.type?.name ?? null, view), view.last('type', issue.type?.name ?? '') !== undefined);
      // With close-as-duplicate on, its notice is the duplicate comment.
      const countdown = await duplicateCountdown(deps.closes, { repoId, number, config, triage, target, writer, entries });
      const commentPosted = countdown ? countdown.posted : comment ? await postOnce(target, writer, comment, entries) : false;
      const status = issueType?.outcome === 'failed' ? 'failed' : plan.toAdd.length || plan.toRemove.length || issueType?.change || commentPosted ? 'written' : 'up-to-date';
      return save({
        status, dryRun: false, labelsWanted: plan.wanted, labelsAdded: plan.toAdd, labelsRemoved: plan.toRemove, issueType,
        comment: countdown ? countdown.comment : comment, commentPosted, reason: issueType?.outcome === 'failed' ? issueType.reason : null,
      }, countdown);
    } catch (err) {
      const status = githubStatus(err);
      if (status !== 403 && status !== 404) throw asRetryable(err);
      const reason = status === 403
        ? `GitHub refused the write (403: ${(err as Error).message}). Give the token or App "Issues: read and write" on ${target.fullName}; the next triage or correction tries again.`
        : `GitHub does not show ${target.fullName}#${number} to Triageflow (404). Check the token or App has access to the repository; the next triage or correction tries again.`;
      return save({ status: 'failed', dryRun: false, labelsWanted: [], labelsAdded: [], comment, commentPosted: false, reason });
    }
  };
}

async function applyLabels(writer: IssueWriter, plan: LabelPlan): Promise<void> {
  await writer.addLabels(plan.toAdd, TRIAGE_FEATURE);
  for (const label of plan.toRemove) await writer.removeLabel(label, TRIAGE_FEATURE);
}

/**
 * Sets the planned type. A type on the issue that the ledger never saw is recorded as a person's, so the
 * dashboard can say who owns it. A refusal that retrying cannot fix (no such type, no permission) is an
 * outcome with its reason, and the labels stand.
 */
async function writeType(ledger: LedgerStore, ref: { repoId: number; number: number }, target: IssueTarget, writer: IssueWriter, plan: TypePlan | null, known: boolean): Promise<TypePlan | null> {
  if (plan?.before && !known) {
    await ledger.append(ref.repoId, ref.number, [{ kind: 'type', value: plan.before, action: 'added', byTriageflow: false, actor: null, deliveryId: null, cause: { kind: 'seen-on-issue' } }]);
  }
  if (!plan?.change) return plan;
  try {
    await writer.setType(plan.change.to, plan.before, TRIAGE_FEATURE);
    return plan;
  } catch (err) {
    if (!isTypeRefusal(err)) throw err;
    return { ...plan, after: plan.before, outcome: 'failed', reason: await describeTypeRefusal(target, plan.change.to, err) };
  }
}

function causeOf(input: WriteBackInput): WriteBackCause {
  if (input.cause) return input.cause;
  if (input.reviewTimedOut) return { kind: 'review-timeout' };
  return input.deliveryId && !input.reviewed ? { kind: 'classification', ref: input.deliveryId } : { kind: 'correction' };
}

/** Posts the comment unless one with the marker is already there (an earlier attempt may have posted it). */
async function postOnce(target: IssueTarget, writer: IssueWriter, body: string, entries: LedgerEntry[]): Promise<boolean> {
  if (entries.some((e) => e.kind === 'comment' && e.byTriageflow && !e.dryRun && e.feature === 'duplicate')) return false;
  const comments = await target.octokit.paginate(target.octokit.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: target.number, per_page: 100 });
  if (comments.some((c) => c.body?.includes(DUPLICATE_MARKER))) return false;
  await writer.comment(body, 'duplicate');
  return true;
}

// Octokit errors carry the request (with headers) as properties; Temporal needs only type and message.
function asRetryable(err: unknown): Error {
  const status = githubStatus(err);
  if (status === undefined) return err as Error;
  return ApplicationFailure.create({ type: 'GithubUnavailable', message: `GitHub answered ${status}: ${(err as Error).message}`, nonRetryable: false });
}
