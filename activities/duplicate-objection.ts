import type { GithubClients } from '../src/github/client';
import type { DuplicateCloseStore } from '../src/github/duplicate-close-store';
import { ledgerView } from '../src/github/ledger';
import type { LedgerStore } from '../src/github/ledger-store';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { CorrectionInput } from '../src/domain/correction';
import { readDelivery } from './read-delivery';

// Objections to a close-as-duplicate that arrive as events: a comment by the issue's author, anything
// the workflow itself decides ends the countdown (a correction, the issue closed by someone else), and
// a reopen after Triageflow closed it. Each ends the issue's one countdown for good.

export interface DuplicateObjectionDeps {
  github: GithubClients;
  ledger: LedgerStore;
  closes: DuplicateCloseStore;
  deliveries: DeliveryReader;
}

export function createDuplicateObjections(deps: DuplicateObjectionDeps) {
  return {
    /** A comment by the issue's author during the countdown objects; resolves to the reason, or null. */
    async duplicateObjection(input: { deliveryId: string; repoId: number; number: number }): Promise<string | null> {
      const event = await readDelivery(deps.deliveries, input.deliveryId);
      const author = event.issue.author;
      if (event.event !== 'issue_comment' || !author || event.comment?.author !== author) return null;
      const reason = `${author}, who opened the issue, commented during the countdown.`;
      return (await deps.closes.finish(input.repoId, input.number, 'objected', reason, ['pending'])) ? reason : null;
    },

    /** Ends a running countdown for a reason the workflow saw (a correction, a close by someone else). */
    async endDuplicateClose(input: { repoId: number; number: number; status: 'objected' | 'cancelled' | 'failed'; reason: string }): Promise<void> {
      await deps.closes.finish(input.repoId, input.number, input.status, input.reason, ['pending']);
    },

    /**
     * A person's reopen of an issue Triageflow closed as a duplicate corrects it: not a duplicate, and
     * never closed by Triageflow again.
     */
    async reopenCorrection(input: { deliveryId: string; repoId: number; number: number }): Promise<CorrectionInput | null> {
      const event = await readDelivery(deps.deliveries, input.deliveryId);
      if (event.action !== 'reopened' || !event.sender || event.sender.type === 'Bot' || event.sender.login === (await deps.github.botLogin())) return null;
      const last = ledgerView(await deps.ledger.list(input.repoId, input.number), { dryRun: false }).last('state', 'closed:duplicate');
      if (!last?.byTriageflow || last.action !== 'added') return null;
      const actor = event.sender.login;
      await deps.ledger.append(input.repoId, input.number, [{ kind: 'state', value: 'closed:duplicate', action: 'removed', byTriageflow: false, actor, deliveryId: input.deliveryId }]);
      const note = `On GitHub, ${actor} reopened the issue Triageflow had closed as a duplicate: it is not one, and Triageflow will not close it again.`;
      await deps.closes.finish(input.repoId, input.number, 'reopened', note, ['closed']);
      return { correctionId: `github-reopen-${input.deliveryId}`, actor, source: 'github', duplicateOf: null, note };
    },
  };
}
