import type { Pool } from '../db/pool';
import type { SweepError, SweepReport, SweepTarget } from '../domain/sweep';

// The sweep's SQL (migration 020), and its reads of the webhook inbox and the issues: which repositories
// have sent deliveries, which deliveries and issue versions arrived. The inbox's own store stays the
// only writer of the inbox; the sweep queues issues through its `insert`.

/** What Triageflow holds of one issue: whether it knows it, its stored state, the newest version received. */
export interface StoredIssue {
  known: boolean;
  storedState: string | null;
  /** GitHub's updated_at of the newest delivery of the issue in the inbox. */
  receivedUpdatedAt: string | null;
}

export interface RedeliveryClaim {
  hook: string;
  deliveryId: number;
  guid: string;
  event: string;
  runId: string;
}

export type RedeliveryOutcome =
  | { status: 'requested'; repoId: number | null; issueNumber: number | null; issueUpdatedAt: string | null }
  | { status: 'refused' | 'queued' | 'gave-up'; detail: string };

export interface SweepRunSummary {
  lastRunAt: string | null;
  repos: number;
  issuesQueued: number;
  redelivered: number;
  errors: SweepError[];
  last24h: { runs: number; issuesQueued: number; redelivered: number };
}

// A claim whose request never finished (the worker died between claim and answer) may be taken over.
const CLAIM_LEASE_MS = 5 * 60_000;
// GitHub redelivers within seconds and gives up on our answer after 10 s: a requested redelivery of an
// issue that has not arrived by then failed, and the issue scan queues the issue itself.
const COVER_MS = 10 * 60_000;
// GitHub keeps a hook's deliveries for 3 days; the record of what was asked is kept a little longer.
const REDELIVERY_RETENTION = '7 days';
const RUN_RETENTION = '30 days';

export function createSweepStore(pool: Pool) {
  return {
    /** Every repository that has sent a delivery (inbox) or has issues stored, under its latest name. */
    async knownRepos(): Promise<SweepTarget[]> {
      const { rows } = await pool.query<{ repo_id: number; repo_full_name: string }>(
        `SELECT repo_id, (array_agg(repo_full_name ORDER BY at DESC))[1] AS repo_full_name FROM (
           SELECT repo_id, repo_full_name, max(updated_at) AS at FROM issues GROUP BY repo_id, repo_full_name
           UNION ALL
           SELECT repo_id, repo_full_name, max(received_at) FROM webhook_inbox GROUP BY repo_id, repo_full_name) s
         GROUP BY repo_id ORDER BY repo_id`,
      );
      return rows.map((r) => ({ repoId: r.repo_id, fullName: r.repo_full_name }));
    },

    async mark(scope: string): Promise<string | null> {
      const { rows } = await pool.query<{ mark: Date }>('SELECT mark FROM sweep_marks WHERE scope = $1', [scope]);
      return rows[0]?.mark.toISOString() ?? null;
    },

    /** Moves a mark forward, never back: two sweeps at once leave the further one. */
    async advanceMark(scope: string, mark: string): Promise<void> {
      await pool.query(
        `INSERT INTO sweep_marks (scope, mark) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE
           SET mark = GREATEST(sweep_marks.mark, EXCLUDED.mark), updated_at = now()`,
        [scope, mark],
      );
    },

    async storedIssues(repoId: number, numbers: number[]): Promise<Map<number, StoredIssue>> {
      const { rows } = await pool.query<{ number: number; state: string | null; received: Date | null; in_inbox: boolean }>(
        `SELECT n AS number, i.state, w.received, w.n_rows > 0 AS in_inbox
         FROM unnest($2::int[]) AS n
         LEFT JOIN issues i ON i.repo_id = $1 AND i.number = n
         LEFT JOIN LATERAL (SELECT max(github_updated_at) AS received, count(*) AS n_rows FROM webhook_inbox
                            WHERE repo_id = $1 AND issue_number = n) w ON true`,
        [repoId, numbers],
      );
      return new Map(rows.map((r) => [r.number, { known: r.state !== null || r.in_inbox, storedState: r.state, receivedUpdatedAt: r.received?.toISOString() ?? null }]));
    },

    /** The delivery guids (X-GitHub-Delivery) among these that reached the inbox. */
    async guidsReceived(guids: string[]): Promise<Set<string>> {
      if (!guids.length) return new Set();
      const { rows } = await pool.query<{ delivery_id: string }>('SELECT delivery_id FROM webhook_inbox WHERE delivery_id = ANY($1::text[])', [guids]);
      return new Set(rows.map((r) => r.delivery_id));
    },

    /** Issue versions (number → updated_at) whose redelivery was requested moments ago and may still arrive. */
    async pendingRedeliveries(repoId: number, numbers: number[]): Promise<Map<number, string>> {
      const { rows } = await pool.query<{ issue_number: number; updated: Date }>(
        `SELECT issue_number, max(issue_updated_at) AS updated FROM sweep_redeliveries
         WHERE repo_id = $1 AND issue_number = ANY($2::int[]) AND status = 'requested' AND issue_updated_at IS NOT NULL
           AND claimed_at > now() - $3 * interval '1 millisecond'
         GROUP BY issue_number`,
        [repoId, numbers, COVER_MS],
      );
      return new Map(rows.map((r) => [r.issue_number, r.updated.toISOString()]));
    },

    /** Delivery ids of this hook the sweep has already handled (asked for, refused, or given up on). */
    async handledDeliveries(hook: string, deliveryIds: number[]): Promise<Set<number>> {
      if (!deliveryIds.length) return new Set();
      const { rows } = await pool.query<{ delivery_id: number }>(
        `SELECT delivery_id FROM sweep_redeliveries WHERE hook = $1 AND delivery_id = ANY($2::bigint[])
           AND (status <> 'claimed' OR claimed_at > now() - $3 * interval '1 millisecond')`,
        [hook, deliveryIds, CLAIM_LEASE_MS],
      );
      return new Set(rows.map((r) => r.delivery_id));
    },

    /** How many redeliveries of this event (guid) were asked of GitHub so far. */
    async requestsFor(guid: string): Promise<number> {
      const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM sweep_redeliveries WHERE guid = $1 AND status = 'requested'", [guid]);
      return rows[0]?.n ?? 0;
    },

    /** True when this sweep may ask for the redelivery: no one else has, and no one else is asking right now. */
    async claim(c: RedeliveryClaim): Promise<boolean> {
      const { rows } = await pool.query(
        `INSERT INTO sweep_redeliveries (hook, delivery_id, guid, event, run_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (hook, delivery_id) DO UPDATE SET run_id = EXCLUDED.run_id, claimed_at = now()
           WHERE sweep_redeliveries.status = 'claimed' AND sweep_redeliveries.claimed_at < now() - $6 * interval '1 millisecond'
         RETURNING delivery_id`,
        [c.hook, c.deliveryId, c.guid, c.event, c.runId, CLAIM_LEASE_MS],
      );
      return rows.length > 0;
    },

    /** A claim whose request failed in a way worth retrying: the next attempt may claim it again. */
    async release(hook: string, deliveryId: number): Promise<void> {
      await pool.query("DELETE FROM sweep_redeliveries WHERE hook = $1 AND delivery_id = $2 AND status = 'claimed'", [hook, deliveryId]);
    },

    async settle(hook: string, deliveryId: number, outcome: RedeliveryOutcome): Promise<void> {
      if (outcome.status === 'requested') {
        await pool.query(
          `UPDATE sweep_redeliveries SET status = 'requested', repo_id = $3, issue_number = $4, issue_updated_at = $5, claimed_at = now()
           WHERE hook = $1 AND delivery_id = $2`,
          [hook, deliveryId, outcome.repoId, outcome.issueNumber, outcome.issueUpdatedAt],
        );
      } else {
        await pool.query('UPDATE sweep_redeliveries SET status = $3, detail = $4 WHERE hook = $1 AND delivery_id = $2', [hook, deliveryId, outcome.status, outcome.detail.slice(0, 1000)]);
      }
    },

    /** Records a delivery the sweep decided about without asking GitHub (given up, or queued from the issue). */
    async record(c: RedeliveryClaim, outcome: Exclude<RedeliveryOutcome, { status: 'requested' }>): Promise<boolean> {
      const { rows } = await pool.query(
        `INSERT INTO sweep_redeliveries (hook, delivery_id, guid, event, run_id, status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (hook, delivery_id) DO NOTHING RETURNING delivery_id`,
        [c.hook, c.deliveryId, c.guid, c.event, c.runId, outcome.status, outcome.detail.slice(0, 1000)],
      );
      return rows.length > 0;
    },

    /** Stores a finished sweep (once per run, however often the activity is retried) and drops old records. */
    async recordRun(r: SweepReport): Promise<void> {
      await pool.query(
        `INSERT INTO sweep_runs (run_id, started_at, repos, issues_queued, redelivered, errors) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
         ON CONFLICT (run_id) DO NOTHING`,
        [r.runId, r.startedAt, r.repos.length, r.issuesQueued, r.redelivered, JSON.stringify(r.errors)],
      );
      await pool.query(`DELETE FROM sweep_runs WHERE finished_at < now() - interval '${RUN_RETENTION}'`);
      await pool.query(`DELETE FROM sweep_redeliveries WHERE claimed_at < now() - interval '${REDELIVERY_RETENTION}'`);
    },

    async summary(): Promise<SweepRunSummary> {
      const { rows } = await pool.query<{ finished_at: Date; repos: number; issues_queued: number; redelivered: number; errors: SweepError[]; runs: number; queued_24h: number; redelivered_24h: number }>(
        `SELECT l.finished_at, l.repos, l.issues_queued, l.redelivered, l.errors, d.runs, d.queued_24h, d.redelivered_24h
         FROM (SELECT count(*)::int AS runs, COALESCE(sum(issues_queued), 0)::int AS queued_24h, COALESCE(sum(redelivered), 0)::int AS redelivered_24h
               FROM sweep_runs WHERE finished_at > now() - interval '1 day') d
         LEFT JOIN LATERAL (SELECT * FROM sweep_runs ORDER BY finished_at DESC LIMIT 1) l ON true`,
      );
      const r = rows[0]!;
      return {
        lastRunAt: r.finished_at?.toISOString() ?? null,
        repos: r.repos ?? 0,
        issuesQueued: r.issues_queued ?? 0,
        redelivered: r.redelivered ?? 0,
        errors: r.errors ?? [],
        last24h: { runs: r.runs, issuesQueued: r.queued_24h, redelivered: r.redelivered_24h },
      };
    },
  };
}

export type SweepStore = ReturnType<typeof createSweepStore>;
