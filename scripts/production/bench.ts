/**
 * Triaged per minute on the production topology (test/production/support): Temporal's server on
 * PostgreSQL 15, PostgreSQL 18 + pgvector, two `server` processes, first one `worker`, then two.
 *   npx tsx scripts/production/bench.ts --issues 300 --senders 8
 * Each run is a burst of signed issues.opened deliveries to a new repository, spread over both servers,
 * timed from the first send until the database has the last issue stored as triaged.
 */
import { randomInt } from 'node:crypto';
import os from 'node:os';
import { auditIssues } from '../../test/production/support/audit';
import { startTopology, type Topology } from '../../test/production/support/topology';
import type { TriageflowProcess } from '../../test/production/support/triageflow-process';
import { sendIssuesOpened } from '../../test/production/support/webhooks';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function burst(t: Topology, servers: TriageflowProcess[], issues: number, senders: number) {
  const id = randomInt(1_000_000, 2_000_000_000);
  const repo = { id, fullName: `bench-${id}/app` };
  const t0 = Date.now();
  await sendIssuesOpened({ urls: () => servers.map((s) => s.url!), secret: t.webhookSecret, repo, from: 1, to: issues, concurrency: senders });
  const sentSeconds = (Date.now() - t0) / 1000;
  const triaged = async () => (await t.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM issues WHERE repo_id = $1 AND status = 'triaged'", [id])).rows[0]!.n;
  while ((await triaged()) < issues) await new Promise((r) => setTimeout(r, 100));
  const seconds = (Date.now() - t0) / 1000;
  const audit = await auditIssues(t.pool, t.client, id, 1, issues);
  return { issues, sentSeconds: +sentSeconds.toFixed(1), seconds: +seconds.toFixed(1), triagedPerMinute: Math.round((issues / seconds) * 60), lost: audit.lost.length, triagedTwice: audit.triagedTwice.length };
}

async function main() {
  const issues = arg('issues', 300);
  const senders = arg('senders', 8);
  const t = await startTopology();
  try {
    const servers = await Promise.all([t.startServer('server-1'), t.startServer('server-2')]);
    await t.startWorker('worker-1');
    // A first small burst warms both servers' and the worker's caches and connections.
    await burst(t, servers, 20, senders);
    const oneWorker = await burst(t, servers, issues, senders);
    await t.startWorker('worker-2');
    const twoWorkers = await burst(t, servers, issues, senders);
    process.stdout.write(`${JSON.stringify({ oneWorker, twoWorkers, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}` }, null, 2)}\n`);
  } finally {
    await t.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
