import { getIssueDetail } from '../../src/issues/reads';
import { saveTriage, type SaveTriageInput } from '../../src/issues/writes';
import { startTestDatabase, type TestDatabase } from '../support/database';

// An issue's detail is read while its workflow saves new triages: every read must show one saved
// state, never a classification beside the triage and similar issues of the save before it.

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
afterAll(async () => {
  await db.stop();
});

const repoId = 4242;
const link = () => null;

function save(n: number): SaveTriageInput {
  const triage = { category: 'bug' as const, priority: 'p2' as const, labels: [], confidence: 0.5, rationale: `save ${n}`, duplicateOf: null, model: 'offline:test' };
  return {
    delivery: { deliveryId: `d-${n}`, handled: [`d-${n}`], workflowId: `wf-${repoId}-1` },
    issue: { repoId, repoFullName: 'acme/app', number: 1, githubId: 1, title: `Text ${n}`, body: 'b', author: 'a', url: null, state: 'open', labels: [], reactions: 0, commentsCount: 0 },
    contentHash: `hash-${n}`,
    triage, status: 'triaged',
    classification: { ...triage, priority: 'p2', model: 'offline:test', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, cached: false },
    similar: [{ number: 100 + n, title: `similar to ${n}`, similarity: 0.5 }],
  };
}

test('a detail read during saves shows one save whole: its triage, its similar issues and its classification first', async () => {
  await saveTriage(db.pool, save(0));
  const saves = 40; // under the 50 classifications a detail shows
  let writing = true;
  const reads: Awaited<ReturnType<typeof getIssueDetail>>[] = [];
  const reader = (async () => {
    while (writing) reads.push(await getIssueDetail(db.pool, { repoId, number: 1 }, link));
  })();
  for (let n = 1; n <= saves; n++) await saveTriage(db.pool, save(n));
  writing = false;
  await reader;

  expect(reads.length).toBeGreaterThan(10);
  for (const detail of reads) {
    const n = Number(detail!.triage!.rationale.replace('save ', ''));
    expect(detail!.title).toBe(`Text ${n}`);
    expect(detail!.similar).toEqual([expect.objectContaining({ number: 100 + n })]);
    expect(detail!.classifications).toHaveLength(n + 1);
    expect(detail!.classifications[0]).toMatchObject({ rationale: `save ${n}`, cached: false, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } });
    expect(Date.parse(detail!.classifications[0]!.createdAt)).not.toBeNaN();
  }
  const last = await getIssueDetail(db.pool, { repoId, number: 1 }, link);
  expect(last!.classifications.map((c) => c.rationale).slice(0, 2)).toEqual([`save ${saves}`, `save ${saves - 1}`]);
});

test('an issue is found by repository and number through the unique index, not by reading the repository', async () => {
  await db.pool.query(
    `INSERT INTO issues (repo_id, repo_full_name, number, workflow_id, title, content_hash)
     SELECT 4343, 'acme/big', n, 'wf-4343-' || n, 't' || n, 'h' || n FROM generate_series(1, 500) n`,
  );
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>('EXPLAIN ANALYZE SELECT * FROM issues WHERE repo_id = 4343 AND number = 250');
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  expect(plan).toMatch(/Index Cond: \(\(repo_id = 4343\) AND \(number = 250\)\)/);
  expect(plan).not.toContain('Rows Removed by Filter');
});
