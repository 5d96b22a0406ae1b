import { ApplicationFailure } from '@temporalio/activity';
import { githubStatus, split, type GithubApi, type GithubClients } from '../src/github/client';
import { DUPLICATE_MARKER, duplicateComment, planLabels } from '../src/github/label-plan';
import { reviewNeed } from '../src/github/review-rule';
import type { WriteGuard } from '../src/github/write-guard';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { RepoIdentity } from '../src/github/repo-identity';
import type { WriteBackRecord, WriteBackStatus, WriteBackStore } from '../src/github/write-back-store';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import type { TriageResult } from '../src/domain/triage';
import { readDelivery } from './read-delivery';

export interface WriteBackDeps {
  github: GithubClients;
  writeBacks: WriteBackStore;
  repoConfigs: RepoConfigSource;
  issues: IssueStore;
  deliveries: DeliveryReader;
  repoIdentity: RepoIdentity;
  /** GitHub agrees the delivery's App installation is the repository's (write-guard.ts). */
  writeGuard: WriteGuard;
}

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
}

export interface WriteBackResult {
  status: WriteBackStatus;
  reason: string | null;
  /** For `awaiting-review`: how long the repository's config lets the issue wait, and what then. */
  review?: { timeoutMs: number; onTimeout: 'write' | 'skip' };
}

/**
 * Puts the triage's mapped labels (and at most one duplicate comment) on the GitHub issue. Only adds:
 * what is on the issue stays. Reads the issue's labels first and writes only what is missing, so a
 * retry, a redelivery or a second run after a worker restart writes nothing again. 403 and 404 are
 * recorded as a failed write-back with the reason (retrying cannot fix a permission); other errors
 * throw, and Temporal retries with backoff.
 */
export function createWriteBack(deps: WriteBackDeps) {
  return async function writeBack(input: WriteBackInput): Promise<WriteBackResult> {
    const { repoId, number, triage } = input;
    const save = async (record: Omit<WriteBackRecord, 'reviewDeadline'> & { reviewDeadline?: string | null }): Promise<WriteBackResult> => {
      await deps.writeBacks.save(repoId, number, { reviewDeadline: null, ...record });
      return { status: record.status, reason: record.reason };
    };
    if (!triage) return save({ status: 'skipped', dryRun: true, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false, reason: 'The issue has no triage yet.' });
    const claimed = input.deliveryId ? (await readDelivery(deps.deliveries, input.deliveryId)).installationId : undefined;
    // Nothing goes to GitHub through an installation GitHub does not name for the repository.
    let installationId = claimed;
    // Everything read from or written to GitHub goes to the repository with the id on record, by its current name.
    let repoFullName = input.repoFullName;
    if (deps.github.configured) {
      const guard = await deps.writeGuard.check({ repoFullName: input.repoFullName, installationId: claimed });
      if (!guard.ok) return save({ status: 'failed', dryRun: false, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false, reason: guard.reason });
      installationId = guard.installationId ?? claimed;
      const resolved = await deps.repoIdentity.resolve(repoId, input.repoFullName, installationId);
      if ('error' in resolved) return save({ status: 'failed', dryRun: false, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false, reason: resolved.error });
      repoFullName = resolved.fullName;
    }
    const { config } = await deps.repoConfigs.load(repoFullName, repoId, installationId);
    const removed = await deps.writeBacks.removedLabels(repoId, number);
    const comment = duplicateComment(config.duplicateComment, triage);
    const dryRun = config.dryRun || !deps.github.configured;
    if (input.reviewTimedOut === 'skip') {
      return save({ status: 'skipped', dryRun, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false,
        reason: 'Nobody approved or corrected the low-confidence triage before review.timeout, and review.onTimeout is "skip": nothing was written. A correction still writes it.' });
    }

    const need = reviewNeed(triage, config, comment);
    if (need?.consequential && input.reviewTimedOut === 'write') {
      return save({ status: 'skipped', dryRun, labelsWanted: [], labelsAdded: [], comment: null, commentPosted: false,
        reason: `Nobody approved or corrected it before review.timeout, and what it would write is never written unreviewed: ${need.reason} A correction or an approval still writes it.` });
    }
    if (!input.reviewed && need) {
      const plan = planLabels(triage, config, (await deps.issues.issueText(repoId, number))?.labels ?? [], removed);
      const { reason } = need;
      await deps.writeBacks.save(repoId, number, {
        status: 'awaiting-review', dryRun, labelsWanted: plan.wanted, labelsAdded: [], comment, commentPosted: false, reason,
        reviewDeadline: new Date(Date.now() + config.review.timeoutMs).toISOString(),
      });
      return { status: 'awaiting-review', reason, review: config.review };
    }
    if (dryRun) {
      // A dry run compares with the labels of the last webhook, so it needs no GitHub access at all.
      const plan = planLabels(triage, config, (await deps.issues.issueText(repoId, number))?.labels ?? [], removed);
      const why = deps.github.configured ? 'dryRun is on in the repository\'s config (the default): set dryRun: false in .github/triageflow.yml to write.' : 'No GITHUB_TOKEN or GitHub App is configured, so nothing can be written.';
      return save({ status: 'dry-run', dryRun: true, labelsWanted: plan.wanted, labelsAdded: plan.toAdd, comment, commentPosted: false, reason: why });
    }

    const [owner, repo] = split(repoFullName);
    const octokit = await deps.github.forRepo(repoFullName, installationId);
    try {
      const { data: issue } = await octokit.issues.get({ owner, repo, issue_number: number });
      const onIssue = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
      const plan = planLabels(triage, config, onIssue, removed);
      if (plan.toAdd.length) await octokit.issues.addLabels({ owner, repo, issue_number: number, labels: plan.toAdd });
      const commentPosted = comment ? await postOnce(octokit, owner, repo, number, comment) : false;
      const status = plan.toAdd.length || commentPosted ? 'written' : 'up-to-date';
      return save({ status, dryRun: false, labelsWanted: plan.wanted, labelsAdded: plan.toAdd, comment, commentPosted, reason: null });
    } catch (err) {
      const status = githubStatus(err);
      if (status !== 403 && status !== 404) throw asRetryable(err);
      const reason = status === 403
        ? `GitHub refused the write (403: ${(err as Error).message}). Give the token or App "Issues: read and write" on ${repoFullName}; the next triage or correction tries again.`
        : `GitHub does not show ${repoFullName}#${number} to Triageflow (404). Check the token or App has access to the repository; the next triage or correction tries again.`;
      return save({ status: 'failed', dryRun: false, labelsWanted: [], labelsAdded: [], comment, commentPosted: false, reason });
    }
  };
}

/** Posts the comment unless one with the marker is already there (an earlier attempt may have posted it). */
async function postOnce(octokit: GithubApi, owner: string, repo: string, number: number, body: string): Promise<boolean> {
  const comments = await octokit.paginate(octokit.issues.listComments, { owner, repo, issue_number: number, per_page: 100 });
  if (comments.some((c) => c.body?.includes(DUPLICATE_MARKER))) return false;
  await octokit.issues.createComment({ owner, repo, issue_number: number, body });
  return true;
}

// Octokit errors carry the request (with headers) as properties; Temporal needs only type and message.
function asRetryable(err: unknown): Error {
  const status = githubStatus(err);
  if (status === undefined) return err as Error;
  return ApplicationFailure.create({ type: 'GithubUnavailable', message: `GitHub answered ${status}: ${(err as Error).message}`, nonRetryable: false });
}
