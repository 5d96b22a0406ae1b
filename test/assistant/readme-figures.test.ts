import fs from 'node:fs';
import path from 'node:path';
import { evaluateMissingInfo, evaluateSecurity, parseJsonLines, type LabelledReport, type LabelledSecurityCase } from '../../src/assistant/evaluation';

// The README states the detectors' precision and recall on the hand-labelled sets; they must stay true.

const ROOT = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const fixture = <T>(name: string) => parseJsonLines<T>(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'assistant', name), 'utf8'), name);
const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));

test('the missing-information figures in the README are what the labelled set gives', () => {
  const reports = fixture<LabelledReport>('missing-info-eval.jsonl');
  expect(reports).toHaveLength(200);
  const r = evaluateMissingInfo(reports);
  for (const [item, c] of Object.entries(r.perItem)) expect(readme).toContain(`| ${item} | ${f3(c.precision)} | ${f3(c.recall)} |`);
  expect(readme).toContain(`| all items | **${f3(r.all.precision)}** | **${f3(r.all.recall)}** |`);
  expect(readme).toContain(`on the \`test\` half they score ${f3(r.bySplit.test!.precision)} / ${f3(r.bySplit.test!.recall)} (${f3(r.bySplit.dev!.precision)} /\n${f3(r.bySplit.dev!.recall)} on \`dev\`)`);
  const four = evaluateMissingInfo(reports, ['steps', 'expected', 'actual', 'version']).perReport;
  expect(readme).toContain(`comment on ${four.asks.tp + four.asks.fp} of the 200`);
  expect(readme).toContain(`(precision ${f3(four.asks.precision)}, recall ${f3(four.asks.recall)})`);
  const two = evaluateMissingInfo(reports, ['steps', 'version']).perReport;
  expect(readme).toContain(`it comments on ${two.asks.tp + two.asks.fp}, ${two.asks.tp} rightly (precision ${f3(two.asks.precision)}, recall ${f3(two.asks.recall)}), and ${two.exactLists} of the 200`);
});

test('the security figures in the README are what the labelled set gives', () => {
  const cases = fixture<LabelledSecurityCase>('security-eval.jsonl');
  expect(cases).toHaveLength(233);
  const r = evaluateSecurity(cases);
  expect(readme).toContain(`Precision **${f3(r.all.precision)}**, recall **${f3(r.all.recall)}** overall; on the written ones ${f3(r.bySource.written!.precision)} /\n${f3(r.bySource.written!.recall)}, on the NLBSE ones ${f3(r.bySource['nlbse24-train']!.precision)} / ${f3(r.bySource['nlbse24-train']!.recall)}`);
});
