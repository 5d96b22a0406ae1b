import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatasetError, loadDataset, loadLabelMap, matchLabels, defaultLabelMap } from '../../../src/ai/datasets';

describe('data sets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'offline-datasets-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    return file;
  };

  test('CSV: extra columns allowed, rows without a usable label skipped with the reason and line', async () => {
    const file = await write('a.csv', 'repo,created_at,label,title,body\nacme/x,2024-01-02,bug,Crash,"multi\nline body"\nacme/x,2024-01-03,wontfix,Nope,body\nacme/x,2024-01-04,,Empty label,body\nacme/x,2024-01-05,Feature Request,Add it,body\n');
    const d = await loadDataset(file);
    expect(d.rows.map((r) => [r.line, r.example.category, r.createdAt])).toEqual([[2, 'bug', '2024-01-02'], [6, 'feature', '2024-01-05']]);
    expect(d.rows[0]!.example).toMatchObject({ issue: { repo: 'acme/x', title: 'Crash', body: 'multi\nline body' }, source: 'import' });
    expect(d.skipped).toEqual([
      { line: 4, reason: 'no label maps to a category (wontfix)' },
      { line: 5, reason: 'no labels' },
    ]);
  });

  test('CSV: a missing column or a broken quote is an error naming the file and line', async () => {
    const noBody = await write('b.csv', 'title,label\nx,bug\n');
    await expect(loadDataset(noBody)).rejects.toThrow(`${noBody}:1: missing column body (found: title, label)`);
    const broken = await write('c.csv', 'title,body,label\nx,"unterminated,bug\n');
    await expect(loadDataset(broken)).rejects.toThrow(new RegExp(`^${broken}:\\d+: not valid CSV`));
    await expect(loadDataset(path.join(dir, 'missing.csv'))).rejects.toBeInstanceOf(DatasetError);
  });

  test('JSON lines of GitHub issues: labels map to categories and priorities, pull requests skipped', async () => {
    const lines = [
      { number: 1, title: 'Crash', body: null, labels: [{ name: 'Type: Bug' }, { name: 'priority: high' }], repository_url: 'https://api.github.com/repos/acme/x', reactions: { total_count: 4 } },
      { number: 2, title: 'PR', body: '', labels: [{ name: 'bug' }], pull_request: { url: 'u' } },
      { number: 3, title: 'Both', body: '', labels: [{ name: 'bug' }, { name: 'documentation' }] },
      { number: 4, title: 'Docs', body: 'b', labels: ['docs'] },
    ];
    const file = await write('d.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const d = await loadDataset(file);
    expect(d.rows.map((r) => r.example)).toEqual([
      { issue: { repo: 'acme/x', number: 1, title: 'Crash', body: '', labels: ['Type: Bug', 'priority: high'], reactions: 4 }, category: 'bug', priority: 'p1', source: 'import' },
      { issue: { repo: '', number: 4, title: 'Docs', body: 'b', labels: ['docs'] }, category: 'documentation', source: 'import' },
    ]);
    expect(d.skipped).toEqual([
      { line: 2, reason: 'a pull request, not an issue' },
      { line: 3, reason: 'labels map to several categories (bug, documentation)' },
    ]);
    const bad = await write('e.jsonl', `${JSON.stringify(lines[0])}\n{"title": oops}\n`);
    await expect(loadDataset(bad)).rejects.toThrow(new RegExp(`^${bad}:2: not valid JSON`));
  });

  test('a label map file adds, replaces and removes mappings over the defaults', async () => {
    const file = await write('map.json', JSON.stringify({ 'kind/bug': 'bug', 'P-high': 'p1', question: 'other', support: null }));
    const map = await loadLabelMap(file);
    expect(matchLabels(['Kind / Bug', 'p-high'], map)).toEqual({ category: 'bug', priority: 'p1' });
    expect(matchLabels(['question'], map)).toEqual({ category: 'other', priority: undefined });
    expect(matchLabels(['support'], map)).toEqual({ problem: 'no label maps to a category (support)' });
    expect(matchLabels(['help wanted'], defaultLabelMap())).toHaveProperty('problem');
    const wrong = await write('wrong.json', JSON.stringify({ x: 'urgent' }));
    await expect(loadLabelMap(wrong)).rejects.toThrow(/label "x" maps to "urgent"/);
  });
});
