import { ApplicationFailure } from '@temporalio/activity';
import { githubStatus, type GithubClients } from '../src/github/client';
import { CLOSE_FEATURE, spellDuration } from '../src/github/duplicate-notice';
import type { DuplicateClose, DuplicateCloseStatus, DuplicateCloseStore } from '../src/github/duplicate-close-store';
import { createIssueWriter } from '../src/github/issue-writer';
import { ledgerView } from '../src/github/ledger';
import type { LedgerStore } from '../src/github/ledger-store';
import type { RepoConfig } from '../src/github/repo-config';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { RepoIdentity } from '../src/github/repo-identity';
import type { WriteGuard } from '../src/github/write-guard';
import { RepoIdentityError, resolveIssueTarget, type IssueTarget } from '../src/github/write-target';

export interface CloseDuplicateDeps {
  github: GithubClients;
  ledger: LedgerStore;
  closes: DuplicateCloseStore;
  repoConfigs: RepoConfigSource;
  repoIdentity: RepoIdentity;
  writeGuard: WriteGuard;
}

export interface CloseDuplicateResult {
  status: DuplicateCloseStatus;
  reason: string;
}

// Roles that may triage issues; `permission` says write for maintain and read for triage, role_name says which.
const TRIAGERS = ['triage', 'write', 'maintain', 'admin'];

/**
 * At the countdown's deadline: closes the issue as a duplicate (`state_reason: duplicate`) unless an
 * objection stands. GitHub sends no webhook for reactions, so the 👎 reactions on the notice are read
 * here; the author's comments and the duplicate label are read again too, in case a webhook was lost.
 */
export function createCloseDuplicate(deps: CloseDuplicateDeps) {
  return async function closeDuplicate(input: { repoId: number; repoFullName: string; number: number }): Promise<CloseDuplicateResult> {
    const { repoId, number } = input;
    const record = await deps.closes.get(repoId, number);
    if (record?.status !== 'pending') return { status: record?.status ?? 'cancelled', reason: record?.reason ?? 'No countdown was running.' };
    const end = async (status: Exclude<DuplicateCloseStatus, 'pending' | 'dry-run'>, reason: string): Promise<CloseDuplicateResult> => {
      await deps.closes.finish(repoId, number, status, reason);
      return { status, reason };
    };
    const { config } = await deps.repoConfigs.load(input.repoFullName, repoId);
    if (!config.duplicateClose) return end('cancelled', 'duplicates.close was turned off in .github/triageflow.yml before the deadline.');
    if (config.dryRun || !deps.github.configured) return end('cancelled', 'The repository is in dry run now: nothing is closed.');
    try {
      const target = await resolveIssueTarget(deps, input);
      const { data: issue } = await target.octokit.issues.get({ owner: target.owner, repo: target.repo, issue_number: number });
      if (issue.state === 'closed') return end('cancelled', 'Someone closed the issue before the deadline.');
      const onIssue = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
      const objection = await findObjection(deps, target, repoId, record, config, { author: issue.user?.login ?? null, labels: onIssue });
      if (objection) return end('objected', objection);
      const writer = createIssueWriter({ ledger: deps.ledger, repoId, number, target, cause: { kind: 'duplicate-deadline', ref: record.commentId === null ? null : String(record.commentId) } });
      await writer.closeAsDuplicate(record.duplicateOf, CLOSE_FEATURE);
      return end('closed', `Closed as a duplicate of #${record.duplicateOf}: nobody objected within ${spellDuration(config.duplicateClose.afterMs)}.`);
    } catch (err) {
      if (err instanceof RepoIdentityError) return end('failed', err.message);
      const status = githubStatus(err);
      if (status === 403 || status === 404) {
        return end('failed', `GitHub refused to close the issue (${status}: ${(err as Error).message}). Give the token or App "Issues: read and write" on ${input.repoFullName}.`);
      }
      if (status === undefined) throw err;
      throw ApplicationFailure.create({ type: 'GithubUnavailable', message: `GitHub answered ${status}: ${(err as Error).message}`, nonRetryable: false });
    }
  };
}

async function findObjection(deps: CloseDuplicateDeps, target: IssueTarget, repoId: number, record: DuplicateClose, config: RepoConfig, issue: { author: string | null; labels: string[] }): Promise<string | null> {
  const { octokit, owner, repo } = target;
  const label = config.duplicateLabel;
  if (label) {
    const last = ledgerView(await deps.ledger.list(repoId, target.number), { dryRun: false }).last('label', label);
    const onIssue = issue.labels.some((l) => l.toLowerCase() === label.toLowerCase());
    if ((last && !last.byTriageflow && last.action === 'removed') || (last?.byTriageflow && last.action === 'added' && !onIssue)) return `The \`${label}\` label was removed.`;
  }
  const bot = await deps.github.botLogin();
  if (record.commentId !== null) {
    const reactions = await octokit.paginate(octokit.reactions.listForIssueComment, { owner, repo, comment_id: record.commentId, content: '-1', per_page: 100 });
    for (const r of reactions) {
      const login = r.user?.login;
      if (!login || login === bot || r.user?.type === 'Bot') continue;
      if (login === issue.author) return `${login}, who opened the issue, reacted 👎 to the notice.`;
      if (await canTriage(target, login)) return `${login}, who may triage this repository, reacted 👎 to the notice.`;
    }
  }
  if (issue.author) {
    const comments = await octokit.paginate(octokit.issues.listComments, { owner, repo, issue_number: target.number, since: record.createdAt, per_page: 100 });
    const reply = comments.find((c) => c.user?.login === issue.author && c.id !== record.commentId && Date.parse(c.created_at) >= Date.parse(record.createdAt));
    if (reply) return `${issue.author}, who opened the issue, commented after the notice.`;
  }
  return null;
}

/** A collaborator with the triage role or above; anyone else (404: not a collaborator) may not. */
async function canTriage(target: IssueTarget, username: string): Promise<boolean> {
  try {
    const { data } = await target.octokit.repos.getCollaboratorPermissionLevel({ owner: target.owner, repo: target.repo, username });
    return TRIAGERS.includes(data.role_name) || ['write', 'admin'].includes(data.permission);
  } catch (err) {
    if (githubStatus(err) === 404) return false;
    throw err;
  }
}
