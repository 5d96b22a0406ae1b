import type { GithubClients } from '../src/github/client';
import type { PermissionChecker } from '../src/github/collaborator-permission';
import { managedLabels } from '../src/github/repo-config';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { LedgerStore } from '../src/github/ledger-store';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import { SECURITY_LABEL } from '../src/domain/assistant';
import type { Category, Priority } from '../src/domain/triage';
import type { CorrectionInput } from '../src/domain/correction';
import { readDelivery } from './read-delivery';

export interface LabelCorrectionDeps {
  github: GithubClients;
  ledger: LedgerStore;
  repoConfigs: RepoConfigSource;
  deliveries: DeliveryReader;
  issues: Pick<IssueStore, 'saveUnverifiedNote' | 'detail'>;
  permissions: PermissionChecker;
}

/**
 * A person's `labeled`/`unlabeled` event on a label Triageflow manages is a correction, made by their
 * GitHub login. Triageflow's own label events (its write-back) are not. The correction id comes from the
 * delivery id, so a redelivered event records nothing twice. Every label a person adds or removes goes to
 * the ledger: write-back never adds back what a person removed, and never removes what a person added.
 */
export function createLabelCorrection(deps: LabelCorrectionDeps) {
  return async function labelCorrection(input: { deliveryId: string; repoId: number; number: number }): Promise<CorrectionInput | null> {
    const event = await readDelivery(deps.deliveries, input.deliveryId);
    if (!event.label || !event.sender || (event.action !== 'labeled' && event.action !== 'unlabeled')) return null;
    if (event.sender.type === 'Bot' || event.sender.login === (await deps.github.botLogin())) return null;
    const actor = event.sender.login;
    await deps.ledger.append(input.repoId, input.number, [{
      kind: 'label', value: event.label, action: event.action === 'labeled' ? 'added' : 'removed', byTriageflow: false, actor, deliveryId: input.deliveryId,
    }]);
    const { config } = await deps.repoConfigs.load(event.issue.repoFullName, input.repoId, event.installationId);
    const managed = managedLabels(config).get(event.label.toLowerCase());
    if (!managed) return null;

    const base = { correctionId: `github-${input.deliveryId}`, actor, source: 'github' as const, note: `On GitHub, ${actor} ${event.action === 'labeled' ? 'added' : 'removed'} the label "${event.label}".` };
    // Only someone GitHub says may triage corrects: anyone else's edit (or a forged delivery) is a note.
    const permission = await deps.permissions.mayTriage(event.issue.repoFullName, actor, event.installationId);
    if (!permission.mayTriage) {
      await deps.issues.saveUnverifiedNote({ ...base, repoId: input.repoId, number: input.number,
        note: `Unverified: ${base.note} GitHub does not say ${actor} may triage ${event.issue.repoFullName} (${permission.role}), so it is not a correction and the model learns nothing from it.` });
      return null;
    }
    if (managed.field === 'security') {
      // The triage assistant's security label: a person says it is (p0, kept private) or is not a security report.
      const current = (await deps.issues.detail({ repoId: input.repoId, number: input.number }))?.triage?.labels ?? [];
      const others = current.filter((l) => l.toLowerCase() !== SECURITY_LABEL);
      return event.action === 'labeled' ? { ...base, labels: [...others, SECURITY_LABEL], priority: 'p0' } : { ...base, labels: others };
    }
    if (event.action === 'labeled') {
      if (managed.field === 'category') return { ...base, category: managed.value as Category };
      if (managed.field === 'priority') return { ...base, priority: managed.value as Priority };
      // The label says "a duplicate" but not of which issue: the note records it, the link stays as it is.
      return base;
    }
    // Removing the duplicate label says "not a duplicate"; removing a category or priority label says
    // "not this", without the right answer: the note marks the triage as a person's, which the model
    // then leaves alone.
    return managed.field === 'duplicate' ? { ...base, duplicateOf: null } : base;
  };
}
