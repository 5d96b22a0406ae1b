import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { GithubEvent } from '../src/domain/github-event';
import { invalidIssue } from './errors';
import { readDelivery } from './read-delivery';

// No length limit: GitHub serves titles past the 256 characters its form allows and bodies of hundreds
// of kilobytes, and every one is triaged (a model reads a bounded part: src/ai/model-text.ts).

/** Checks the delivery's issue can be triaged; raises a non-retryable InvalidIssue with what to fix when not. */
export function createValidate(deps: { deliveries: DeliveryReader }) {
  return async function validate(input: { deliveryId: string }): Promise<void> {
    checkIssue(await readDelivery(deps.deliveries, input.deliveryId));
  };
}

function checkIssue(event: GithubEvent): void {
  const { issue } = event;
  const where = `${issue.repoFullName}#${issue.number}`;
  if (!Number.isInteger(issue.number) || issue.number <= 0) throw invalidIssue(`${where}: the issue number must be a positive integer.`);
  if (!/^[^/\s]+\/[^/\s]+$/.test(issue.repoFullName)) throw invalidIssue(`${where}: the repository name must look like owner/name.`);
  if (issue.title.trim() === '') throw invalidIssue(`${where}: the title is empty. Give the issue a title on GitHub; the edit is triaged again.`);
}
