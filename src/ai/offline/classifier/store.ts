import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Category, Priority } from '../../../domain/triage';
import type { LabeledExample } from '../../types';
import type { TextClassifierJSON } from './text-classifier';
import { inTransaction } from '../../../db/transaction';

// PostgreSQL persistence of the offline model (tables from migration 002). Writers lock the single
// offline_model_state row for as long as they number their rows, which keeps version numbers in
// commit order; readers never lock.

export interface StoredExample {
  version: number;
  example: LabeledExample;
}

// The classifier reads only the first 20,000 characters; the rest of a pasted log is not worth storing.
const MAX_STORED_BODY = 65_536;
const SNAPSHOTS_KEPT = 3;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function keysOf(e: LabeledExample): { issueKey: string; exampleKey: string } {
  const { repo, number, title, body } = e.issue;
  const issueKey = repo && number ? `${repo}#${number}` : `text:${sha(`${title}\n${body}`)}`;
  const exampleKey = sha(JSON.stringify([e.source, title, body, e.category ?? null, e.priority ?? null, [...(e.labels ?? [])].sort()]));
  return { issueKey, exampleKey };
}

async function locked<T>(pool: Pool, work: (client: PoolClient, version: number) => Promise<{ result: T; version: number }>): Promise<T> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ version: string }>('UPDATE offline_model_state SET updated_at = now() WHERE id = 1 RETURNING version');
    if (!rows[0]) throw new Error('offline_model_state is empty: run the database migrations (002_offline_model.sql)');
    const { result, version } = await work(client, Number(rows[0].version));
    await client.query('UPDATE offline_model_state SET version = $1 WHERE id = 1', [version]);
    return result;
  });
}

/** Appends examples in order; one that repeats the latest label of the same issue is skipped. */
export async function appendExamples(pool: Pool, examples: LabeledExample[]): Promise<{ added: number; duplicates: number }> {
  const keyed = examples.map((e) => ({ e, ...keysOf(e) }));
  return locked(pool, async (client, start) => {
    const latest = new Map<string, string>();
    const { rows } = await client.query<{ issue_key: string; example_key: string }>(
      `SELECT DISTINCT ON (issue_key) issue_key, example_key FROM offline_examples
        WHERE issue_key = ANY($1) ORDER BY issue_key, version DESC`,
      [[...new Set(keyed.map((k) => k.issueKey))]],
    );
    for (const r of rows) latest.set(r.issue_key, r.example_key);
    let version = start;
    let duplicates = 0;
    for (const { e, issueKey, exampleKey } of keyed) {
      if (latest.get(issueKey) === exampleKey) {
        duplicates++;
        continue;
      }
      latest.set(issueKey, exampleKey);
      version++;
      await client.query(
        `INSERT INTO offline_examples (version, issue_key, example_key, source, repo, number, title, body, reactions, category, priority, labels)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [version, issueKey, exampleKey, e.source, e.issue.repo ?? '', e.issue.number ?? null, e.issue.title, e.issue.body.slice(0, MAX_STORED_BODY),
          e.issue.reactions ?? 0, e.category ?? null, e.priority ?? null, JSON.stringify(e.labels ?? [])],
      );
    }
    return { result: { added: version - start, duplicates }, version };
  });
}

interface ExampleRow {
  version: string; source: 'import' | 'correction'; repo: string; number: number | null; title: string; body: string;
  reactions: number; category: Category | null; priority: Priority | null; labels: string[];
}
const COLUMNS = 'version, source, repo, number, title, body, reactions, category, priority, labels';

const toStored = (r: ExampleRow): StoredExample => ({
  version: Number(r.version),
  example: {
    issue: { repo: r.repo, ...(r.number !== null ? { number: r.number } : {}), title: r.title, body: r.body, reactions: r.reactions },
    ...(r.category ? { category: r.category } : {}),
    ...(r.priority ? { priority: r.priority } : {}),
    labels: r.labels,
    source: r.source,
  },
});

/** Examples with after < version <= upTo, oldest first. */
export async function readExamples(pool: Pool, after: number, upTo: number): Promise<StoredExample[]> {
  const { rows } = await pool.query<ExampleRow>(`SELECT ${COLUMNS} FROM offline_examples WHERE version > $1 AND version <= $2 ORDER BY version`, [after, upTo]);
  return rows.map(toStored);
}

/** The last `limit` examples up to a version, oldest first: what rehearsal draws from. */
export async function readHistory(pool: Pool, upTo: number, limit: number): Promise<LabeledExample[]> {
  const { rows } = await pool.query<ExampleRow>(`SELECT ${COLUMNS} FROM offline_examples WHERE version <= $1 ORDER BY version DESC LIMIT $2`, [upTo, limit]);
  return rows.reverse().map((r) => toStored(r).example);
}

export async function currentVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ version: string }>('SELECT version FROM offline_model_state WHERE id = 1');
  return Number(rows[0]?.version ?? 0);
}

export async function latestSnapshotHeader(pool: Pool, upTo: number): Promise<{ version: number; covers: number } | undefined> {
  const { rows } = await pool.query<{ version: string; covers: string }>(
    'SELECT version, covers FROM offline_model_snapshots WHERE version <= $1 ORDER BY version DESC LIMIT 1', [upTo]);
  return rows[0] && { version: Number(rows[0].version), covers: Number(rows[0].covers) };
}

export async function readSnapshot(pool: Pool, version: number): Promise<TextClassifierJSON> {
  const { rows } = await pool.query<{ model: TextClassifierJSON }>('SELECT model FROM offline_model_snapshots WHERE version = $1', [version]);
  if (!rows[0]) throw new Error(`Offline model snapshot ${version} vanished while loading; it was pruned by a newer one, so load again`);
  return rows[0].model;
}

/** Saves a snapshot covering examples up to `covers`, prunes old ones, returns its version. */
export async function saveSnapshot(pool: Pool, covers: number, model: TextClassifierJSON, report: object): Promise<number> {
  return locked(pool, async (client, current) => {
    const version = current + 1;
    await client.query('INSERT INTO offline_model_snapshots (version, covers, model, report) VALUES ($1, $2, $3, $4)', [version, covers, JSON.stringify(model), JSON.stringify(report)]);
    await client.query(
      `DELETE FROM offline_model_snapshots WHERE version NOT IN (SELECT version FROM offline_model_snapshots ORDER BY version DESC LIMIT ${SNAPSHOTS_KEPT})`);
    return { result: version, version };
  });
}
