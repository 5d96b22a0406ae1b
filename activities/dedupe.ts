import { issueTextHash } from '../src/ai/content-hash';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import type { GithubState } from '../src/domain/triage';
import type { GithubEvent } from '../src/domain/github-event';
import { readDelivery } from './read-delivery';

export interface DedupeInput {
  /** The deliveries handled together, oldest first; the last one carries the text to triage. */
  deliveryIds: string[];
  repoId: number;
  number: number;
}

export interface DedupeResult {
  /** The newest delivery whose effect is not yet stored, whose facts apply; null when all were (redeliveries). */
  latestDeliveryId: string | null;
  action: GithubEvent['action'] | null;
  title: string;
  /** The repository's full name as this delivery gave it: a renamed repository keeps its id. */
  repoFullName?: string;
  githubState: GithubState;
  /** Hash of the title and body, the key of classifications and vectors. */
  contentHash: string;
  /** This exact text was already classified for this issue. */
  contentClassified: boolean;
  /** An older issue of the repository with exactly this text (an open one first). */
  exactDuplicate: { number: number; state: 'open' | 'closed' } | null;
  /** The issue type the delivery showed (null: none); absent when its payload carried no type field. */
  issueType?: string | null;
}

/** Exact dedupe, the first step for every batch of deliveries: by delivery id, and by content hash. */
export function createDedupe(deps: { issues: IssueStore; deliveries: DeliveryReader }) {
  return async function dedupe(input: DedupeInput): Promise<DedupeResult> {
    const processed = await deps.deliveries.processed(input.deliveryIds);
    const latestDeliveryId = [...input.deliveryIds].reverse().find((id) => !processed.includes(id)) ?? null;
    if (latestDeliveryId === null) {
      return { latestDeliveryId, action: null, title: '', githubState: 'open', contentHash: '', contentClassified: false, exactDuplicate: null };
    }
    const event = await readDelivery(deps.deliveries, latestDeliveryId);
    const contentHash = issueTextHash(event.issue);
    const facts = await deps.issues.contentFacts(input.repoId, input.number, contentHash);
    return {
      latestDeliveryId, action: event.action, title: event.issue.title, repoFullName: event.issue.repoFullName, githubState: event.issue.state,
      contentHash, contentClassified: facts.classified, exactDuplicate: facts.sameAs,
      ...(event.issue.type !== undefined ? { issueType: event.issue.type } : {}),
    };
  };
}
