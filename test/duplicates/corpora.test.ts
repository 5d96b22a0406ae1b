import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { githubTemplatesCorpus } from '../../scripts/corpora/github-templates';
import { jiraJavaCorpus } from '../../scripts/corpora/jira-java';

test('the Jira-style corpus is the same on every run, in Jira markup, with links between issues it holds', () => {
  const a = jiraJavaCorpus({ issues: 300 });
  expect(jiraJavaCorpus({ issues: 300 })).toEqual(a);
  expect(a.issues).toHaveLength(300);
  const ids = new Set(a.issues.map((i) => i.id));
  expect(ids.size).toBe(300);
  expect(a.pairs.length).toBeGreaterThan(0);
  for (const p of a.pairs) expect(ids.has(p.id) && ids.has(p.duplicate_of) && p.id !== p.duplicate_of).toBe(true);
  const text = a.issues.map((i) => i.body).join('\n');
  expect(text).toMatch(/\{code:java\}[\s\S]*\tat org\.apache\.tessera\./);
  expect(text).toMatch(/\{noformat\}/);
  expect(text).toMatch(/^# /m);
  expect(jiraJavaCorpus({ issues: 300, seed: 1 })).not.toEqual(a);
});

test('the GitHub corpus names the training split row a written duplicate refers to when the file lacks it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpora-'));
  const csv = path.join(dir, 'short.csv');
  fs.writeFileSync(csv, 'repo,created_at,label,title,body\nacme/app,2023-01-01T00:00:00Z,bug,One,Body\n');
  expect(() => githubTemplatesCorpus(csv)).toThrow(/github-duplicates\.json: .* is not in .*short\.csv/);
  fs.rmSync(dir, { recursive: true, force: true });
});
