import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { GeneratedCorpus } from './random-text';

// Real GitHub issues (the NLBSE'24 training split: issue templates, HTML comments, code blocks, logs)
// with second reports written by hand for some of them (github-duplicates.json). The split itself is
// not in the repository; its path is an argument.

interface Written { of: number; title: string; body: string }

export function githubTemplatesCorpus(nlbseCsv: string): GeneratedCorpus {
  const rows = parse(fs.readFileSync(nlbseCsv, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const dups = JSON.parse(fs.readFileSync(path.join(__dirname, 'github-duplicates.json'), 'utf8')) as { natural: [number, number][]; written: Written[] };
  const issues: GeneratedCorpus['issues'] = rows.map((r, i) => ({ id: i + 1, title: r.title ?? '', body: r.body ?? '', created_at: (r.created_at ?? '').replace('T', ' ').replace('Z', '+00:00') }));
  const pairs: GeneratedCorpus['pairs'] = [];
  for (const [a, b] of dups.natural) {
    if (!rows[a] || !rows[b]) throw new Error(`github-duplicates.json: natural pair ${a}, ${b} is not in ${nlbseCsv}`);
    pairs.push({ id: a + 1, duplicate_of: b + 1 }, { id: b + 1, duplicate_of: a + 1 });
  }
  dups.written.forEach((w, k) => {
    if (!rows[w.of]) throw new Error(`github-duplicates.json: row ${w.of} is not in ${nlbseCsv}; pass the NLBSE'24 training split with --nlbse`);
    const id = 20_001 + k;
    issues.push({ id, title: w.title, body: w.body, created_at: '2024-01-01 00:00:00+00:00' });
    pairs.push({ id, duplicate_of: w.of + 1 }, { id: w.of + 1, duplicate_of: id });
  });
  return { issues, pairs };
}
