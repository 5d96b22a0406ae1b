import type { GithubClients } from '../src/github/client';
import { ledgerView } from '../src/github/ledger';
import type { LedgerStore } from '../src/github/ledger-store';
import { categoryOfType } from '../src/github/repo-config';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { CorrectionInput } from '../src/domain/correction';
import { readDelivery } from './read-delivery';

export interface TypeCorrectionDeps {
  github: GithubClients;
  ledger: LedgerStore;
  repoConfigs: RepoConfigSource;
  deliveries: DeliveryReader;
}

/**
 * An issue type a person set, changed or took off is a correction of the category by that person, as a
 * label edit is: a `typed`/`untyped` event from a person, or a type the ledger has not seen on an issue
 * that arrives with one (an issue form that sets it). The type goes to the ledger as the person's, so
 * write-back never changes it. A type the repository's mapping names sets the category; any other makes
 * the triage a person's (a note). Triageflow's own events (its write-back) are not corrections.
 */
export function createTypeCorrection(deps: TypeCorrectionDeps) {
  return async function typeCorrection(input: { deliveryId: string; repoId: number; number: number }): Promise<CorrectionInput | null> {
    const event = await readDelivery(deps.deliveries, input.deliveryId);
    if (event.event !== 'issues' || !event.sender) return null;
    if (event.sender.type === 'Bot' || event.sender.login === (await deps.github.botLogin())) return null;
    const actor = event.sender.login;
    const view = ledgerView(await deps.ledger.list(input.repoId, input.number), { dryRun: false });
    const explicit = event.action === 'typed' || event.action === 'untyped';
    const type = explicit ? event.issueType : event.issue.type;
    if (!type) return null;
    const last = view.last('type', type);
    const removed = event.action === 'untyped';
    // Already the ledger's word on it (a typed event after the issue arrived with the type, or the reverse).
    const known = last && !last.byTriageflow && last.action === (removed ? 'removed' : 'added');
    if (!explicit && last) return null;
    await deps.ledger.append(input.repoId, input.number, [{ kind: 'type', value: type, action: removed ? 'removed' : 'added', byTriageflow: false, actor, deliveryId: input.deliveryId }]);
    if (known) return null;

    const base = { correctionId: `github-type-${input.deliveryId}`, actor, source: 'github' as const };
    if (removed) return { ...base, note: `On GitHub, ${actor} removed the issue type "${type}".` };
    const { config } = await deps.repoConfigs.load(event.issue.repoFullName, input.repoId, event.installationId);
    const category = categoryOfType(config, type);
    const how = explicit ? 'set the issue type' : `${event.action} the issue with the type`;
    return { ...base, ...(category ? { category } : {}), note: `On GitHub, ${actor} ${how} "${type}".` };
  };
}
