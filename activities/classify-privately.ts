import { ApplicationFailure } from '@temporalio/activity';
import type { Classification } from '../src/domain/triage';
import type { TriageModel } from '../src/ai/types';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import { readDelivery } from './read-delivery';

/**
 * Classifies a security report with the offline model when the repository keeps such reports away from
 * the remote model (`security.llm` off): nothing of the text leaves the worker, and no similar issues are
 * looked up, as they would need its embedding from the remote embedder.
 */
export function createClassifyPrivately(deps: { model: TriageModel; deliveries: DeliveryReader; issues: IssueStore }) {
  return async function classifyPrivately(input: { deliveryId: string }): Promise<Classification> {
    const { issue } = await readDelivery(deps.deliveries, input.deliveryId);
    const classify = deps.model.classifyOffline;
    if (!classify) {
      throw ApplicationFailure.create({ type: 'ModelRejected', nonRetryable: true, message: 'No offline classifier is available in this worker, so a security report kept from the remote model cannot be classified.' });
    }
    const labelSet = await deps.issues.repoLabels(issue.repoId);
    return classify({ issue: { repo: issue.repoFullName, number: issue.number, title: issue.title, body: issue.body, labels: issue.labels, reactions: issue.reactions }, similar: [], examples: [], labelSet });
  };
}
