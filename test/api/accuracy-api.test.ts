import pg from 'pg';
import { startStack, type Stack } from '../support/stack';

// GET /api/accuracy on a fixture of predictions and corrections written straight into the real
// database, with a one-hour grace period for issues closed without a correction.

let stack: Stack;
let db: pg.Client;
const repo = 'acc/app';
let nextNumber = 1;

beforeAll(async () => {
  stack = await startStack({ worker: false, env: { ACCURACY_GRACE_PERIOD: '1h' } });
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.stop();
});

interface Values { category: string; priority: string | null; labels: string[] }
interface Fixture {
  predicted: Values;
  final?: Values;
  model?: string;
  predictedAgo?: string;
  /** Closed this long ago (never corrected). */
  closedAgo?: string;
  correctedAgo?: string;
  /** A classification after the correction: history only, never the prediction. */
  laterPrediction?: Values;
  repoName?: string;
}

async function insertIssue(f: Fixture) {
  const number = nextNumber++;
  const final = f.final ?? f.predicted;
  const corrected = f.final !== undefined;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO issues (repo_id, repo_full_name, number, workflow_id, title, state, status, category, priority, labels, confidence, model, corrected, last_activity_at)
     VALUES (4242, $1, $2, $3, 'fixture', $4, $5, $6, $7, $8, 0.7, $9, $10, now() - $11::interval) RETURNING id`,
    [f.repoName ?? repo, number, `acc-${number}-${f.repoName ?? repo}`, f.closedAgo ? 'closed' : 'open', corrected ? 'corrected' : 'triaged',
      final.category, final.priority, JSON.stringify(final.labels), f.model ?? 'offline:lr@3', corrected, f.closedAgo ?? '0 s'],
  );
  const issueId = rows[0]!.id;
  const classify = (v: Values, ago: string, hash: string) => db.query(
    `INSERT INTO classifications (issue_id, content_hash, category, priority, labels, confidence, rationale, model, created_at)
     VALUES ($1, $2, $3, $4, $5, 0.7, 'fixture', $6, now() - $7::interval)`,
    [issueId, hash, v.category, v.priority, JSON.stringify(v.labels), f.model ?? 'offline:lr@3', ago],
  );
  await classify(f.predicted, f.predictedAgo ?? '0 s', 'h1');
  if (corrected) {
    await db.query(
      `INSERT INTO corrections (correction_id, issue_id, actor, before, after, created_at) VALUES ($1, $2, 'Fixture Person', $3, $4, now() - $5::interval)`,
      [`c-${number}-${f.repoName ?? repo}`, issueId, JSON.stringify(f.predicted), JSON.stringify(final), f.correctedAgo ?? '0 s'],
    );
  }
  if (f.laterPrediction) await classify(f.laterPrediction, '0 s', 'h2');
}

const get = async (path: string) => {
  const res = await fetch(`${stack.baseUrl}${path}`, { headers: stack.authHeaders });
  return { status: res.status, body: (await res.json()) as any };
};

test('per period: triaged, corrected, confirmed after the grace period, accuracy by field and category, models, confusion matrix', async () => {
  // This period.
  await insertIssue({ predicted: { category: 'bug', priority: 'p1', labels: ['crash'] } }); // open, uncorrected: pending
  await insertIssue({ predicted: { category: 'bug', priority: 'p2', labels: [] }, final: { category: 'feature', priority: 'p2', labels: ['ui'] } });
  await insertIssue({ predicted: { category: 'question', priority: 'p3', labels: ['q'] }, closedAgo: '2 hours' }); // confirmed
  await insertIssue({ predicted: { category: 'documentation', priority: 'p2', labels: [] }, closedAgo: '10 minutes' }); // within grace: pending
  await insertIssue({ predicted: { category: 'bug', priority: 'p0', labels: ['a', 'b'] }, final: { category: 'bug', priority: 'p0', labels: ['a'] }, model: 'openai:gpt-4o-mini' });
  await insertIssue({ predicted: { category: 'bug', priority: 'p1', labels: ['x', 'y'] }, final: { category: 'bug', priority: 'p0', labels: ['y', 'x', 'z'] } });
  // The previous week: predicted feature, corrected to bug a day ago; the reclassification after it is history.
  await insertIssue({ predicted: { category: 'feature', priority: 'p2', labels: [] }, predictedAgo: '7 days', correctedAgo: '1 day',
    final: { category: 'bug', priority: 'p2', labels: [] }, laterPrediction: { category: 'bug', priority: 'p2', labels: [] } });
  // Another repository: not in this repository's report.
  await insertIssue({ predicted: { category: 'other', priority: 'p3', labels: [] }, final: { category: 'bug', priority: 'p3', labels: [] }, repoName: 'else/where' });

  const { status, body } = await get(`/api/accuracy?repo=${repo}&window=week&periods=2`);
  expect(status).toBe(200);
  expect(body).toMatchObject({ repo, window: 'week', gracePeriodSeconds: 3600 });
  expect(body.periods).toHaveLength(2);
  const [previous, current] = body.periods;
  expect(Date.parse(current.start) - Date.parse(previous.start)).toBe(7 * 86_400_000);

  expect(current).toMatchObject({ triaged: 6, corrected: 3, confirmed: 1, pending: 2 });
  // Resolved: #2 (category wrong, priority right, labels wrong), #3 (all right), #5 (labels wrong), #6 (priority and labels wrong).
  expect(current.accuracy).toEqual({ category: 0.75, priority: 0.75, labels: 0.25 });
  expect(current.byCategory).toEqual({
    bug: { resolved: 2, correct: 2, accuracy: 1 },
    feature: { resolved: 1, correct: 0, accuracy: 0 },
    question: { resolved: 1, correct: 1, accuracy: 1 },
  });
  expect(current.models).toEqual([{ model: 'offline:lr@3', triaged: 5 }, { model: 'openai:gpt-4o-mini', triaged: 1 }]);

  expect(previous).toMatchObject({ triaged: 1, corrected: 1, confirmed: 0, pending: 0, accuracy: { category: 0, priority: 1, labels: 1 } });
  expect(previous.byCategory).toEqual({ bug: { resolved: 1, correct: 0, accuracy: 0 } });

  // Rows: final category; columns: predicted. bug row: #5, #6 predicted bug, the old issue predicted feature.
  expect(body.confusion.categories).toEqual(['bug', 'feature', 'question', 'documentation', 'other']);
  expect(body.confusion.matrix).toEqual([
    [2, 1, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0],
  ]);

  // Every repository: the other one's issue joins the current period.
  const all = (await get('/api/accuracy?window=week&periods=1')).body;
  expect(all.periods[0]).toMatchObject({ triaged: 7, corrected: 4 });
});

test('a period with nothing triaged is reported with null accuracy, and bad parameters are 400 with the rule', async () => {
  const { body } = await get('/api/accuracy?repo=nobody/here&window=day&periods=3');
  expect(body.periods).toHaveLength(3);
  expect(body.periods[0]).toMatchObject({ triaged: 0, pending: 0, accuracy: { category: null, priority: null, labels: null } });
  expect(await get('/api/accuracy?window=year')).toMatchObject({ status: 400, body: { error: 'window must be one of day, week, month.' } });
  expect(await get('/api/accuracy?periods=0')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/periods must be/) } });
  expect((await fetch(`${stack.baseUrl}/api/accuracy`)).status).toBe(401);
});
