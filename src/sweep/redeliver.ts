import { HANDLED_ISSUE_ACTIONS } from '../domain/parse-event';
import type { SweepError } from '../domain/sweep';
import { githubStatus } from '../github/client';
import type { Logger } from '../log';
import type { DeliveryLog, HookDelivery } from './delivery-log';
import { HOOK_PERMISSION } from './hooks';
import { messageOf } from './repository';
import type { SweepStore } from './store';

// The delivery half of a sweep: the hook's log back to its mark, and a redelivery asked of GitHub for
// each event Triageflow uses whose every attempt failed and which never reached the inbox. Redelivery
// keeps what only the event carries (who labelled, which comment), which the issue scan cannot rebuild.

export interface RedeliveryResult {
  listed: number;
  redelivered: number;
  gaveUp: number;
  problem: SweepError | null;
}

// A delivery our server keeps refusing (a payload it rejects) would be asked for every sweep; after this
// many redeliveries the issue scan queues the issue as GitHub serves it instead.
export const MAX_REDELIVERIES = 3;
const OVERLAP_MS = 10 * 60_000;

const failed = (d: HookDelivery) => d.status_code === 0 || d.status_code >= 400;
const succeeded = (d: HookDelivery) => d.status_code >= 200 && d.status_code < 400;
const ISSUE_ACTIONS: readonly string[] = HANDLED_ISSUE_ACTIONS;
const used = (d: HookDelivery) => (d.event === 'issues' && ISSUE_ACTIONS.includes(d.action ?? '')) || (d.event === 'issue_comment' && d.action === 'created');

export async function redeliverFailed(
  deps: { store: SweepStore; log: Logger },
  log: DeliveryLog,
  opts: { lookbackMs: number; now: Date; runId: string; repo: string | null; onlyRepoIds?: ReadonlySet<number> },
): Promise<RedeliveryResult> {
  const { store } = deps;
  const mark = await store.mark(log.scope);
  // A delivery is logged once its attempt ends, up to GitHub's 10 s timeout after delivered_at: overlap.
  const since = mark ? Date.parse(mark) - OVERLAP_MS : opts.now.getTime() - opts.lookbackMs;
  const result: RedeliveryResult = { listed: 0, redelivered: 0, gaveUp: 0, problem: null };
  const problem = (message: string): RedeliveryResult => ({ ...result, problem: { repo: opts.repo, part: 'deliveries', message } });

  const listed: HookDelivery[] = [];
  try {
    outer: for await (const page of log.pages()) {
      for (const d of page) {
        if (Date.parse(d.delivered_at) < since) break outer;
        listed.push(d);
      }
    }
  } catch (err) {
    const status = githubStatus(err);
    if (status !== 401 && status !== 403 && status !== 404) throw err;
    return problem(log.key === 'app'
      ? `GitHub refused the App's webhook deliveries (${status}: ${messageOf(err)}), so failed deliveries are not redelivered: GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY must be the App's own (these calls are signed with its JWT) and its webhook active.`
      : `GitHub refused the webhook deliveries of ${opts.repo ?? 'the repository'} (${status}: ${messageOf(err)}), so failed ones are not redelivered: ${HOOK_PERMISSION}.`);
  }
  result.listed = listed.length;

  // Newest attempt of each event Triageflow uses that no attempt delivered; events that reached the
  // inbox (the router answered 202, or a person redelivered them) are left alone.
  const fine = new Set(listed.filter(succeeded).map((d) => d.guid));
  const newest = new Map<string, HookDelivery>();
  for (const d of listed) {
    if (!failed(d) || !used(d) || fine.has(d.guid) || newest.has(d.guid)) continue;
    if (opts.onlyRepoIds && (d.repository_id === null || !opts.onlyRepoIds.has(d.repository_id))) continue;
    newest.set(d.guid, d);
  }
  const received = await store.guidsReceived([...newest.keys()]);
  const handled = await store.handledDeliveries(log.key, [...newest.values()].map((d) => d.id));
  // Oldest first, so an issue's events reach the inbox in the order GitHub sent them.
  const todo = [...newest.values()].filter((d) => !received.has(d.guid) && !handled.has(d.id)).reverse();

  for (const d of todo) {
    const claim = { hook: log.key, deliveryId: d.id, guid: d.guid, event: `${d.event}.${d.action ?? ''}`, runId: opts.runId };
    if ((await store.requestsFor(d.guid)) >= MAX_REDELIVERIES) {
      if (await store.record(claim, { status: 'gave-up', detail: `${MAX_REDELIVERIES} redeliveries did not reach the inbox (last status ${d.status_code}); the issue scan queues the issue instead` })) {
        result.gaveUp++;
        deps.log.warn({ guid: d.guid, statusCode: d.status_code }, 'sweep gave up redelivering a delivery');
      }
      continue;
    }
    if (!(await store.claim(claim))) continue;
    try {
      const issue = issueOf(await log.payload(d.id));
      await log.redeliver(d.id);
      await store.settle(log.key, d.id, { status: 'requested', ...issue });
      result.redelivered++;
      deps.log.info({ guid: d.guid, deliveryId: d.id, event: claim.event, statusCode: d.status_code, ...issue }, 'sweep asked GitHub to redeliver a failed delivery');
    } catch (err) {
      const status = githubStatus(err);
      if (status === 401 || status === 403) {
        await store.release(log.key, d.id);
        return problem(`GitHub refused to redeliver ${d.guid} (${status}: ${messageOf(err)}): ${log.key === 'app' ? 'the App\'s JWT was refused; check GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY' : HOOK_PERMISSION}.`);
      }
      if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
        // Gone from the log, or too old to redeliver: nothing a retry changes; the issue scan covers the issue.
        await store.settle(log.key, d.id, { status: 'refused', detail: `${status}: ${messageOf(err)}` });
        continue;
      }
      await store.release(log.key, d.id);
      throw err;
    }
  }
  // The log's newest entry is as far as this sweep has looked, unless it looked at one repository only.
  if (listed.length && !opts.onlyRepoIds) await store.advanceMark(log.scope, listed[0]!.delivered_at);
  return result;
}

/** The issue a delivery's payload is about, so the issue scan waits for the redelivery instead of queueing it too. */
function issueOf(payload: unknown): { repoId: number | null; issueNumber: number | null; issueUpdatedAt: string | null } {
  const p = payload as { repository?: { id?: unknown }; issue?: { number?: unknown; updated_at?: unknown } } | null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
  const updated = p?.issue?.updated_at;
  return { repoId: num(p?.repository?.id), issueNumber: num(p?.issue?.number), issueUpdatedAt: typeof updated === 'string' && !Number.isNaN(Date.parse(updated)) ? updated : null };
}
