import { createIssueWriter } from '../src/github/issue-writer';
import { ledgerView } from '../src/github/ledger';
import type { LedgerStore } from '../src/github/ledger-store';
import { resolveIssueTarget, type WriteTargetDeps } from '../src/github/write-target';
import type { OpenWriter } from '../src/assistant/writer';

/**
 * The assistant's writes through write-back's path: the same issue writer, so every label, comment and
 * assignee lands in the ledger with its cause, and a dry run records what it would have done. A label
 * is taken off only when the ledger says this part of Triageflow put it there and no person touched it
 * since. The issue is resolved for reads whenever GitHub is configured, dry run or not, and with it
 * the repository's identity is checked (write-target.ts).
 */
export function createAssistantWriterFactory(deps: WriteTargetDeps & { ledger: LedgerStore }): OpenWriter {
  return async (ref, cause, dryRun) => {
    const target = deps.github.configured ? await resolveIssueTarget(deps, ref) : null;
    const writer = createIssueWriter({ ledger: deps.ledger, repoId: ref.repoId, number: ref.number, target: dryRun ? null : target, cause });
    return {
      target,
      writer: {
        dryRun: writer.dryRun,
        addLabels: (labels, feature) => writer.addLabels(labels, feature),
        async removeOwnLabel(label, feature) {
          const view = ledgerView(await deps.ledger.list(ref.repoId, ref.number), { dryRun });
          if (!view.ownedBy('label', label, feature)) return false;
          await writer.removeLabel(label, feature);
          return true;
        },
        comment: (body, feature) => writer.comment(body, feature),
        assign: (logins, feature) => writer.assign(logins, feature),
      },
    };
  };
}
