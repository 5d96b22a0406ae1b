import type { GithubClients } from '../src/github/client';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { AssistantStore } from '../src/assistant/store';
import type { LedgerStore } from '../src/github/ledger-store';
import { readDelivery } from './read-delivery';

export interface AssignmentChangeDeps {
  github: GithubClients;
  deliveries: DeliveryReader;
  assistant: AssistantStore;
  ledger: LedgerStore;
}

/**
 * A person's `assigned`/`unassigned` event: recorded (who, whom, when), and from then on the triage
 * assistant leaves the assignees to people. Triageflow's own assignments (its login, or an App)
 * are not a person's. The delivery id keys the record, so a redelivery records nothing twice.
 */
export function createAssignmentChange(deps: AssignmentChangeDeps) {
  return async function assignmentChange(input: { deliveryId: string; repoId: number; number: number }): Promise<boolean> {
    const event = await readDelivery(deps.deliveries, input.deliveryId);
    if (!event.assignee || !event.sender || (event.action !== 'assigned' && event.action !== 'unassigned')) return false;
    if (event.sender.type === 'Bot' || event.sender.login === (await deps.github.botLogin())) return false;
    await deps.assistant.recordAssignmentChange(input.repoId, input.number, { actor: event.sender.login, action: event.action, assignee: event.assignee, deliveryId: input.deliveryId });
    await deps.ledger.append(input.repoId, input.number, [{
      kind: 'assignee', value: event.assignee, action: event.action === 'assigned' ? 'added' : 'removed', byTriageflow: false, actor: event.sender.login, deliveryId: input.deliveryId,
    }]);
    return true;
  };
}
