import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { GithubEvent } from '../src/domain/github-event';
import { invalidIssue } from './errors';
import { readDelivery } from './read-delivery';

// GitHub's own limits: a title of 256 characters, a body of 65,536.
const MAX_TITLE = 256;
const MAX_BODY = 65_536;

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
  if (issue.title.length > MAX_TITLE) throw invalidIssue(`${where}: the title has ${issue.title.length} characters, more than GitHub's ${MAX_TITLE}.`);
  if (issue.body.length > MAX_BODY) throw invalidIssue(`${where}: the body has ${issue.body.length} characters, more than GitHub's ${MAX_BODY}. Shorten it; the edit is triaged again.`);
}
