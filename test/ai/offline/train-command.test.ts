import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createOfflineModel } from '../../../src/ai/offline';
import { UsageError } from '../../../src/commands/command';
import { createTrainCommand } from '../../../src/commands/train';
import { startEmbeddedDatabase } from '../../../src/db/embedded';
import { migrate } from '../../../src/db/migrate';
import { createPool } from '../../../src/db/pool';
import { silentLogger } from '../../../src/log';
import { FIXTURES } from './fixture';

describe('train command', () => {
  const out: string[] = [];
  const err: string[] = [];
  const cmd = createTrainCommand({ out: (t) => void out.push(t), err: (t) => void err.push(t) });
  let dir: string;
  beforeEach(async () => {
    out.length = 0;
    err.length = 0;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'offline-train-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('trains from GitHub issue JSON lines into the database and prints a summary', async () => {
    const db = await startEmbeddedDatabase({});
    try {
      const lines = [
        { number: 1, title: 'App crashes on start', body: 'Segmentation fault', labels: [{ name: 'kind/bug' }] },
        { number: 2, title: 'Add dark mode', body: 'Please add a dark theme', labels: [{ name: 'enhancement' }] },
        { number: 3, title: 'How do I export?', body: '', labels: [{ name: 'question' }] },
        { number: 4, title: 'Stale', body: '', labels: [{ name: 'wontfix' }] },
      ];
      const file = path.join(dir, 'issues.jsonl');
      await fs.writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
      const map = path.join(dir, 'labels.json');
      await fs.writeFile(map, JSON.stringify({ 'kind/bug': 'bug' }));

      const code = await cmd.run(['--from', file, '--label-map', map], { DATABASE_URL: db.url, LOG_LEVEL: 'silent', DATA_DIR: dir });
      expect(code).toBe(0);
      const text = out.join('');
      expect(text).toContain(`Read ${file}: 3 usable rows, 1 skipped`);
      expect(text).toContain('1 × no label maps to a category: line 4 (wontfix)');
      expect(text).toMatch(/Trained offline:lr@4 on 3 examples \(0 human corrections\)/);
      expect(text).toContain('categories: bug 1, feature 1, question 1');

      const pool = createPool(db.url, 2);
      try {
        await migrate(pool);
        const model = await createOfflineModel({ pool, log: silentLogger });
        expect(model.classifier.id).toBe('offline:lr@4');
      } finally {
        await pool.end();
      }
    } finally {
      await db.stop();
    }
  });

  test('a bad file is reported with its name and line, without touching a database', async () => {
    const file = path.join(dir, 'bad.jsonl');
    await fs.writeFile(file, '{"title": "ok", "labels": ["bug"]}\nnot json\n');
    expect(await cmd.run(['--from', file], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).toBe(1);
    expect(err.join('')).toMatch(new RegExp(`^train: ${file}:2: not valid JSON`));
    expect(await cmd.run(['--from', path.join(FIXTURES, 'offline-eval-tiny.csv'), '--label-map', path.join(dir, 'missing.json')], {})).toBe(1);
    expect(err.join('')).toMatch(/missing\.json: cannot read the label map/);
    await expect(cmd.run([], {})).rejects.toThrow(new UsageError('--from FILE is required'));
  });
});
