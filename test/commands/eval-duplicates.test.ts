import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEvalCommand } from '../../src/commands/eval';
import { CORPUS } from '../db/similar-corpus';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-eval-dup-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function collector() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

test('ranks every linked issue on the real path and reports recall, MRR and query latency; the fresh database is removed', async () => {
  const issues = write('issues.jsonl', CORPUS.map((i) => JSON.stringify({ id: String(i.number), title: i.title, body: i.body, created_at: '2021-01-01 00:00:00+00:00' })).join('\n'));
  const pairs = write('pairs.csv', 'id,duplicate_of\n5,1\n1,5\n7,2\n2,99\n');
  const dataDir = path.join(dir, 'data');
  const { io, out } = collector();
  expect(await createEvalCommand(io).run(['--duplicates', '--issues', issues, '--pairs', pairs, '--json'], { DATA_DIR: dataDir })).toBe(0);
  const report = JSON.parse(out.join(''));
  expect(report).toMatchObject({ queries: 3, corpus: { issues: 8, links: 4, skippedLinks: 1 }, embedder: 'offline:bge-small-en-v1.5-q-t64:384', recallAt1: 1, recallAt5: 1, recallAt10: 1, mrr: 1 });
  expect(report.queryP50Ms).toBeGreaterThan(0);
  expect(report.queryP99Ms).toBeGreaterThanOrEqual(report.queryP50Ms);
  expect(report.bySide.lexical.recallAt1).toBe(1);
  expect(report.sweep).toHaveLength(11);
  // The yardstick on the same queries: plain TF-IDF over the whole corpus.
  expect(report.baselines.plainTfidf).toEqual({ recallAt1: expect.any(Number), recallAt5: expect.any(Number), recallAt10: expect.any(Number), mrr: expect.any(Number) });
  expect(report.baselines.plainTfidf.recallAt10).toBeGreaterThan(0);
  expect(fs.readdirSync(dataDir)).toEqual([]);
});

test('a broken issues line or a pairs file without its columns is named with what to fix', async () => {
  const pairs = write('ok-pairs.csv', 'id,duplicate_of\n1,2\n');
  const badLine = write('bad.jsonl', '{"id": "1", "title": "a", "body": ""}\n{"id": "2", "title": \n');
  let c = collector();
  expect(await createEvalCommand(c.io).run(['--duplicates', '--issues', badLine, '--pairs', pairs], {})).toBe(1);
  expect(c.err.join('')).toMatch(/bad\.jsonl line 2 is not JSON .*each line must be one object with id, title and body/);

  const issues = write('two.jsonl', '{"id": 1, "title": "a", "body": "x"}\n{"id": 2, "title": "b"}\n');
  const badPairs = write('bad-pairs.csv', 'from,to\n1,2\n');
  c = collector();
  expect(await createEvalCommand(c.io).run(['--duplicates', '--issues', issues, '--pairs', badPairs], {})).toBe(1);
  expect(c.err.join('')).toMatch(/bad-pairs\.csv needs the columns id and duplicate_of \(found from, to\)/);

  await expect(createEvalCommand(c.io).run(['--duplicates', '--issues', issues], {})).rejects.toThrow(/--duplicates needs --pairs PAIRS.csv/);
});
