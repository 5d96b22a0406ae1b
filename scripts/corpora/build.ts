import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { githubTemplatesCorpus } from './github-templates';
import { jiraJavaCorpus } from './jira-java';
import type { GeneratedCorpus } from './random-text';

// Writes the duplicate-retrieval corpora `eval --duplicates` reads (NAME-issues.jsonl, NAME-pairs.csv):
//   npm run corpora -- [--out DIR] [--nlbse nlbse24-train.csv]   (default: ../shared/data beside the checkout)
// jira-java is generated (seeded, the same file every run); github-templates needs the NLBSE'24
// training split, which is not in the repository, and is skipped without it.

const { values } = parseArgs({ options: { out: { type: 'string', default: '.data/corpora' }, nlbse: { type: 'string', default: path.join(__dirname, '..', '..', '..', 'shared', 'data', 'nlbse24-train.csv') } } });
const out = values.out!;
fs.mkdirSync(out, { recursive: true });
const write = (name: string, corpus: GeneratedCorpus) => {
  fs.writeFileSync(path.join(out, `${name}-issues.jsonl`), corpus.issues.map((i) => JSON.stringify({ ...i, id: String(i.id) })).join('\n') + '\n');
  fs.writeFileSync(path.join(out, `${name}-pairs.csv`), `id,duplicate_of\n${corpus.pairs.map((r) => `${r.id},${r.duplicate_of}`).join('\n')}\n`);
  console.log(`${name}: ${corpus.issues.length} issues, ${corpus.pairs.length} links -> ${path.join(out, `${name}-*`)}`);
};
write('jira-java', jiraJavaCorpus());
if (fs.existsSync(values.nlbse!)) write('github-templates', githubTemplatesCorpus(values.nlbse!));
else console.log(`github-templates: skipped, ${values.nlbse} not found (pass --nlbse with the NLBSE'24 training split)`);
