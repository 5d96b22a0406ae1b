import { githubStatus } from './client';
import type { LedgerCause, LedgerFeature, LedgerWrite } from './ledger';
import type { LedgerStore } from './ledger-store';
import type { IssueTarget } from './write-target';

// The write path to one GitHub issue: every label, type, comment and state change Triageflow makes goes
// through here and is appended to the ledger with the part of Triageflow and the cause behind it. In a
// dry run nothing reaches GitHub and the ledger records what would have, marked as a dry run, so the
// next dry run compares with it as a live run compares with the issue.

export interface IssueWriter {
  readonly dryRun: boolean;
  addLabels(labels: string[], feature: LedgerFeature): Promise<void>;
  /** Takes a label off; one already gone (a person was quicker) is left unrecorded. */
  removeLabel(label: string, feature: LedgerFeature): Promise<void>;
  /** Sets (or with null, clears) the issue type; `previous` is the type it replaces. GitHub's refusal is thrown. */
  setType(name: string | null, previous: string | null, feature: LedgerFeature): Promise<void>;
  /** Posts a comment; its id, or null in a dry run. */
  comment(body: string, feature: LedgerFeature): Promise<number | null>;
  /** Closes the issue as a duplicate of an older one. */
  closeAsDuplicate(duplicateOf: number, feature: LedgerFeature): Promise<void>;
  /** Assigns people (the triage assistant's owners); GitHub ignores logins that cannot be assigned. */
  assign(logins: string[], feature: LedgerFeature): Promise<void>;
}

export interface IssueWriterDeps {
  ledger: LedgerStore;
  repoId: number;
  number: number;
  /** Null: a dry run. */
  target: IssueTarget | null;
  cause: LedgerCause;
}

export function createIssueWriter(deps: IssueWriterDeps): IssueWriter {
  const { target, cause } = deps;
  const dryRun = target === null;
  const record = (entries: Omit<Extract<LedgerWrite, { byTriageflow: true }>, 'byTriageflow' | 'cause' | 'dryRun'>[]) =>
    deps.ledger.append(deps.repoId, deps.number, entries.map((e) => ({ ...e, byTriageflow: true, cause, dryRun })));
  const issue = () => ({ owner: target!.owner, repo: target!.repo, issue_number: target!.number });

  return {
    dryRun,
    async addLabels(labels, feature) {
      if (labels.length === 0) return;
      if (target) await target.octokit.issues.addLabels({ ...issue(), labels });
      await record(labels.map((value) => ({ kind: 'label', value, action: 'added', feature })));
    },
    async removeLabel(label, feature) {
      if (target) {
        try {
          await target.octokit.issues.removeLabel({ ...issue(), name: label });
        } catch (err) {
          // 404 "Label does not exist": someone took it off between the read and this call.
          if (githubStatus(err) === 404) return;
          throw err;
        }
      }
      await record([{ kind: 'label', value: label, action: 'removed', feature }]);
    },
    async setType(name, previous, feature) {
      // The REST API takes the type by its name as the organization defines it; null clears it.
      if (target) await target.octokit.issues.update({ ...issue(), type: name });
      await record([
        ...(previous ? [{ kind: 'type' as const, value: previous, action: 'removed' as const, feature }] : []),
        ...(name ? [{ kind: 'type' as const, value: name, action: 'added' as const, feature }] : []),
      ]);
    },
    async comment(body, feature) {
      const id = target ? (await target.octokit.issues.createComment({ ...issue(), body })).data.id : null;
      await record([{ kind: 'comment', value: id === null ? 'dry-run' : String(id), action: 'added', feature }]);
      return id;
    },
    async closeAsDuplicate(duplicateOf, feature) {
      if (target) {
        // `duplicate` (with the canonical issue in duplicate_of) is newer than Octokit's types, which
        // still list completed, not_planned and reopened only.
        const close = (extra: object) => target.octokit.issues.update({ ...issue(), state: 'closed', state_reason: 'duplicate' as 'completed', ...extra });
        try {
          await close({ duplicate_of: duplicateOf });
        } catch (err) {
          // A GitHub that does not know duplicate_of yet refuses it (422): the comment names the issue.
          if (githubStatus(err) !== 422) throw err;
          await close({});
        }
      }
      await record([{ kind: 'state', value: 'closed:duplicate', action: 'added', feature }]);
    },
    async assign(logins, feature) {
      if (logins.length === 0) return;
      if (target) await target.octokit.issues.addAssignees({ ...issue(), assignees: logins });
      await record(logins.map((value) => ({ kind: 'assignee', value, action: 'added', feature })));
    },
  };
}
