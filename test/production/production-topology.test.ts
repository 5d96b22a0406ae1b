import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { SENTENCE_DIMENSIONS } from '../../src/ai/offline/sentence/embedder';
import { ensureVectorIndex, vectorIndexReady } from '../../src/search/vector-index';
import type { IssueDetail } from '../../src/issues/view';
import { triageWorkflowId } from '../../src/domain/triage-state';
import { auditIssues, deliverySignals, inBatches, range } from './support/audit';
import { runChaos } from './support/chaos';
import { watchRepository, type TriagedWatch } from './support/socket-watch';
import { startTopology, type Topology } from './support/topology';
import type { TriageflowProcess } from './support/triageflow-process';
import { sendIssuesOpened } from './support/webhooks';
import { retryFor } from './support/retry';

// Triageflow on its production topology: Temporal's own server on PostgreSQL 15, PostgreSQL 18 with
// pgvector, and two servers and two workers as separate processes. The tests share one topology and
// run in order: each leaves it as the next expects (a throughput test last, with worker counts of its own).

const MINUTE = 60_000;
let t: Topology;
let servers: TriageflowProcess[];
let workers: TriageflowProcess[];
const repo = (label: string) => {
  const id = randomInt(1_000_000, 2_000_000_000);
  return { id, fullName: `prod-${label}-${id}/app` };
};

/** Until the database, the source of truth, has every issue of the repository stored as triaged. */
async function waitForStored(repoId: number, count: number, timeoutMs: number): Promise<void> {
  await retryFor(timeoutMs, `${count} issues stored as triaged`, async () => {
    const { rows: [r] } = await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM issues WHERE repo_id = $1 AND status = 'triaged'", [repoId]);
    if (r!.n < count) throw new Error(`${r!.n} so far`);
  });
}

/** Gives the dashboards' sockets a moment to catch up with the database; the tests then judge what they saw. */
async function socketsCatchUp(watches: TriagedWatch[], numbers: number[], graceMs = 30_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && watches.some((w) => numbers.some((n) => !w.triaged.has(n)))) await new Promise((r) => setTimeout(r, 200));
}

beforeAll(async () => {
  t = await startTopology();
}, 20 * MINUTE);

afterAll(async () => {
  await t?.stop();
}, 2 * MINUTE);

test('two servers and two workers starting at once apply the migrations once and all come up', async () => {
  const started = await Promise.all([t.startServer('server-1'), t.startServer('server-2'), t.startWorker('worker-1'), t.startWorker('worker-2')]);
  servers = started.slice(0, 2);
  workers = started.slice(2);
  const files = fs.readdirSync(path.join(__dirname, '..', '..', 'src', 'db', 'migrations')).filter((f) => f.endsWith('.sql')).sort();
  const { rows } = await t.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  expect(rows.map((r) => r.name)).toEqual(files);
  for (const p of started) {
    expect({ name: p.name, running: p.running(), errors: p.errorLines() }).toEqual({ name: p.name, running: true, errors: [] });
  }
  const { rows: [db] } = await t.pool.query<{ version: number; vector: boolean; trgm: boolean }>(
    `SELECT current_setting('server_version_num')::int AS version,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS vector,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS trgm`);
  expect(db).toEqual({ version: expect.any(Number), vector: true, trgm: true });
  expect(db!.version).toBeGreaterThanOrEqual(180_000);
}, 5 * MINUTE);

describe('1,000 deliveries to both servers', () => {
  const r = repo('load');
  const count = 1_000;
  let watches: TriagedWatch[];
  let acks: Awaited<ReturnType<typeof sendIssuesOpened>>;
  let seconds = 0;

  beforeAll(async () => {
    watches = await Promise.all(servers.map((s) => watchRepository(s.url!, r.id, t.dashboardToken)));
    const t0 = Date.now();
    acks = await sendIssuesOpened({ urls: () => servers.map((s) => s.url!), secret: t.webhookSecret, repo: r, from: 1, to: count, concurrency: 6 });
    await waitForStored(r.id, count, 12 * MINUTE);
    seconds = (Date.now() - t0) / 1000;
    await socketsCatchUp(watches, range(1, count));
    process.stderr.write(`production: ${count} issues triaged by 2 workers in ${seconds.toFixed(1)} s (${Math.round((count / seconds) * 60)} per minute)\n`);
  }, 15 * MINUTE);
  afterAll(() => watches?.forEach((w) => w.close()));

  test('every delivery is acknowledged 202, half by each server', () => {
    expect(acks.filter((a) => a.status !== 202)).toEqual([]);
    expect(acks).toHaveLength(count);
    const perServer = [0, 1].map((s) => acks.filter((a) => a.server === s).length);
    expect(perServer).toEqual([count / 2, count / 2]);
  });

  test('every issue is stored triaged with one classification and classified once', async () => {
    expect(await auditIssues(t.pool, t.client, r.id, 1, count)).toEqual({ lost: [], triagedTwice: [] });
  }, 5 * MINUTE);

  test('each server\'s dashboard socket saw every issue triaged (LISTEN/NOTIFY across processes)', () => {
    for (const w of watches) expect(range(1, count).filter((n) => !w.triaged.has(n))).toEqual([]);
  });

  test('each inbox row was forwarded once, by the server that received it', async () => {
    const { rows } = await t.pool.query<{ delivery_id: string; forwarded: boolean; processed: boolean; attempts: number }>(
      'SELECT delivery_id, forwarded_at IS NOT NULL AS forwarded, processed_at IS NOT NULL AS processed, attempts FROM webhook_inbox WHERE repo_id = $1', [r.id]);
    expect(rows).toHaveLength(count);
    expect(rows.filter((row) => !row.forwarded || !row.processed || row.attempts !== 0)).toEqual([]);
    const signalsPerIssue: number[] = [];
    const senders = new Set<string>();
    await inBatches(range(1, count), 8, async (n) => {
      const signals = await deliverySignals(t.client, triageWorkflowId(r.id, n));
      signalsPerIssue.push(signals.length);
      signals.forEach((s) => senders.add(s.identity.split('@')[0]!));
    });
    expect(signalsPerIssue.filter((c) => c !== 1)).toEqual([]);
    expect([...senders].sort()).toEqual(servers.map((s) => String(s.pid)).sort());
  }, 5 * MINUTE);

  test('similar issues come back from pgvector; its HNSW index builds concurrently on PostgreSQL', async () => {
    // Workers build it once a repository is past exact search (2,000 issues); this one is small, so the
    // test builds it the way they would, while the servers and workers are up.
    expect(await vectorIndexReady(t.pool, SENTENCE_DIMENSIONS)).toBe(false);
    await ensureVectorIndex(t.pool, SENTENCE_DIMENSIONS);
    expect(await vectorIndexReady(t.pool, SENTENCE_DIMENSIONS)).toBe(true);
    const { rows } = await t.pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'issue_embeddings' AND indexdef ILIKE '%USING hnsw%'");
    expect(rows).toHaveLength(1);
    const lexical = await t.pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'issue_terms' AND indexdef ILIKE '%USING gin%'");
    expect(lexical.rows).toHaveLength(1);
    const detail = (await (await fetch(`${servers[0]!.url}/api/issues/${r.fullName}/${count}`, { headers: { authorization: `Bearer ${t.dashboardToken}` } })).json()) as IssueDetail;
    expect(detail.similar.length).toBeGreaterThan(0);
    expect(detail.similar.every((s) => s.number !== count && s.similarity > 0.5)).toBe(true);
    // A nearest-neighbour query by a constant vector, the shape an HNSW index serves, uses the index.
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT number FROM issue_embeddings WHERE dims = ${SENTENCE_DIMENSIONS}
          ORDER BY embedding::vector(${SENTENCE_DIMENSIONS}) <=> (SELECT embedding::vector(${SENTENCE_DIMENSIONS}) FROM issue_embeddings WHERE repo_id = $1 AND number = $2) LIMIT 5`, [r.id, count]);
      expect(plan.rows.map((p) => p['QUERY PLAN']).join('\n')).toMatch(new RegExp(`Index Scan using issue_embeddings_hnsw_${SENTENCE_DIMENSIONS}`));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});

describe('a worker and a server SIGKILLed and Temporal restarted, mid-load', () => {
  const r = repo('chaos');
  const count = 600;
  let survivorWatch: TriagedWatch;
  let restartedWatch: TriagedWatch | undefined;
  let acks: Awaited<ReturnType<typeof sendIssuesOpened>>;
  let timeline: Awaited<ReturnType<typeof runChaos>>;

  beforeAll(async () => {
    const [survivor, victim] = servers as [TriageflowProcess, TriageflowProcess];
    survivorWatch = await watchRepository(survivor.url!, r.id, t.dashboardToken);
    const urls = servers.map((s) => s.url!);
    // About 10 deliveries a second: slower than the pipeline drains, so the outage backlog is the only one.
    const sending = sendIssuesOpened({ urls: () => urls, secret: t.webhookSecret, repo: r, from: 1, to: count, concurrency: 2, paceMs: 200 });
    const chaos = runChaos(t, { server: victim, worker: workers[1]!, serverPort: Number(new URL(victim.url!).port) }, {
      startAfterMs: 3_000, outageMs: 10_000,
      // Subscribed before Temporal goes down, so it is listening before any of the outage's backlog is triaged.
      onServerReplaced: async (server) => void (restartedWatch = await watchRepository(server.url!, r.id, t.dashboardToken)),
    });
    // Both settle before anything is judged, so a failure in one leaves nothing running in the background.
    const [sent, happened] = await Promise.allSettled([sending, chaos]);
    if (sent.status === 'rejected') throw sent.reason;
    if (happened.status === 'rejected') throw happened.reason;
    [acks, timeline] = [sent.value, happened.value];
    servers = [survivor, timeline.replacements.server];
    workers = [workers[0]!, timeline.replacements.worker];
    await waitForStored(r.id, count, 10 * MINUTE);
    await socketsCatchUp([survivorWatch, restartedWatch!], range(1, count));
  }, 15 * MINUTE);
  afterAll(() => [survivorWatch, restartedWatch].forEach((w) => w?.close()));

  const receivedWhileDown = async () => (await t.pool.query<{ number: number; attempts: number; parked: boolean }>(
    'SELECT issue_number AS number, attempts, parked_at IS NOT NULL AS parked FROM webhook_inbox WHERE repo_id = $1 AND received_at > to_timestamp($2 / 1000.0) + interval \'1 second\' AND received_at < to_timestamp($3 / 1000.0) ORDER BY issue_number',
    [r.id, timeline.temporalDown.from, timeline.temporalDown.to])).rows;

  test('every delivery is acknowledged 202, also while Temporal is down (the inbox holds them)', () => {
    expect(acks.filter((a) => a.status !== 202)).toEqual([]);
    expect(acks).toHaveLength(count);
    const whileDown = acks.filter((a) => a.at > timeline.temporalDown.from && a.at < timeline.temporalDown.to);
    expect(whileDown.length).toBeGreaterThan(20);
    // Deliveries that met the killed server were resent to the other one, as a load balancer does.
    expect(acks.some((a) => a.tries > 1)).toBe(true);
  });

  test('0 lost and 0 triaged twice', async () => {
    expect(await auditIssues(t.pool, t.client, r.id, 1, count)).toEqual({ lost: [], triagedTwice: [] });
  }, 5 * MINUTE);

  test('the backlog from the outage was retried by the live servers\' forwarders, each delivery sent and none triaged twice', async () => {
    const backlog = await receivedWhileDown();
    expect(backlog.length).toBeGreaterThan(20);
    const { rows: unfinished } = await t.pool.query('SELECT id FROM webhook_inbox WHERE repo_id = $1 AND (forwarded_at IS NULL OR processed_at IS NULL)', [r.id]);
    expect(unfinished).toEqual([]);
    // Sends to a dead Temporal failed and the rows waited (all forwarded now, above). An outage is not the
    // deliveries' fault: it counts no attempt against them, and parks none.
    expect(backlog.filter((row) => row.attempts > 0 || row.parked)).toEqual([]);
    const senders = new Map<string, number>();
    const signalsPerIssue: number[] = [];
    await inBatches(backlog.map((row) => row.number), 8, async (n) => {
      const signals = await deliverySignals(t.client, triageWorkflowId(r.id, n));
      signalsPerIssue.push(signals.length);
      for (const s of signals) senders.set(s.identity.split('@')[0]!, (senders.get(s.identity.split('@')[0]!) ?? 0) + 1);
    });
    // Every delivery reached its workflow. A send whose answer was lost when Temporal went down after
    // taking the signal is sent again (observed once in a clean-clone run: one issue signalled twice);
    // the workflow skips the delivery id it has seen, and the audit above found nothing triaged twice.
    expect(signalsPerIssue.filter((c) => c < 1)).toEqual([]);
    expect(signalsPerIssue.filter((c) => c > 1).length).toBeLessThanOrEqual(Math.ceil(backlog.length * 0.05));
    // Sent by the live servers' forwarders. Which of them takes how much of the backlog is timing: on a
    // busy machine one can drain it before the other wakes (observed). That two sweepers share one
    // backlog, each row sent once, is checked deterministically in test/inbox/forwarder.test.ts.
    const live = servers.map((s) => String(s.pid));
    expect(senders.size).toBeGreaterThan(0);
    expect([...senders.keys()].filter((pid) => !live.includes(pid))).toEqual([]);
  }, 5 * MINUTE);

  test('the surviving server\'s socket saw every issue triaged, the restarted one\'s every issue of the backlog', async () => {
    expect(range(1, count).filter((n) => !survivorWatch.triaged.has(n))).toEqual([]);
    const backlog = (await receivedWhileDown()).map((row) => row.number);
    expect(backlog.filter((n) => !restartedWatch!.triaged.has(n))).toEqual([]);
  });
});

describe('throughput with one worker, then two', () => {
  const perRun = 300;
  const triagedPerMinute = async (label: string) => {
    const r = repo(label);
    const t0 = Date.now();
    await sendIssuesOpened({ urls: () => servers.map((s) => s.url!), secret: t.webhookSecret, repo: r, from: 1, to: perRun, concurrency: 8 });
    await waitForStored(r.id, perRun, 10 * MINUTE);
    const perMinute = Math.round((perRun / (Date.now() - t0)) * MINUTE);
    return { r, perMinute };
  };

  test(`${perRun} issues in a burst are all triaged with 1 worker and with 2; the rates are logged`, async () => {
    await workers[1]!.stop();
    const one = await triagedPerMinute('one-worker');
    workers[1] = await t.startWorker('worker-bench');
    const two = await triagedPerMinute('two-workers');
    process.stderr.write(`production throughput: 1 worker ${one.perMinute} triaged/min, 2 workers ${two.perMinute} triaged/min (${perRun} issues each, 2 servers)\n`);
    for (const run of [one, two]) expect(await auditIssues(t.pool, t.client, run.r.id, 1, perRun)).toEqual({ lost: [], triagedTwice: [] });
  }, 20 * MINUTE);
});
