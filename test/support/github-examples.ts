import examples from '@octokit/webhooks-examples';

type Payload = Record<string, any>;

/**
 * A real payload from GitHub's published webhook examples, re-targeted to a repository id and issue
 * number of the test's own (workflow ids derive from them and the Temporal server is shared).
 */
export function realPayload(event: string, action: string | undefined, target: { repoId: number; number: number; repoFullName?: string; title?: string; body?: string }): Payload {
  const group = (examples as unknown as { name: string; examples: Payload[] }[]).find((e) => e.name === event);
  const example = group?.examples.find((x) => action === undefined || x.action === action);
  if (!example) throw new Error(`No GitHub example for ${event}.${action}`);
  const payload = structuredClone(example);
  if (payload.repository) {
    payload.repository.id = target.repoId;
    if (target.repoFullName) payload.repository.full_name = target.repoFullName;
  }
  if (payload.issue) {
    payload.issue.number = target.number;
    if (target.title !== undefined) payload.issue.title = target.title;
    if (target.body !== undefined) payload.issue.body = target.body;
  }
  return payload;
}
