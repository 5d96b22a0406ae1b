import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateMissingInfo, evaluateSecurity, parseJsonLines, type Counts, type LabelledReport, type LabelledSecurityCase } from '../assistant/evaluation';
import { MISSING_INFO_ITEMS, type MissingInfoItem } from '../domain/assistant';
import { processOutput, UsageError, type Command, type CommandOutput } from './command';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'assistant');
const USAGE = `triageflow eval-assistant [--missing-info FILE] [--security FILE] [--items LIST] [--errors] [--json]

Precision and recall of the triage assistant's detectors on hand-labelled sets (JSON lines). Without
options it reads the sets in test/fixtures/assistant/ (see the README there for how they were labelled).
  --missing-info FILE  reports with the items a person found in them (positive class: "missing")
  --security FILE      issues labelled security report or not
  --items LIST         the items a repository requires, for the per-report figures (default: all five),
                       e.g. steps,version
  --errors             list every case the detector got wrong, with its reason`;

export const evalAssistantCommand: Command = createEvalAssistantCommand();

export function createEvalAssistantCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'eval-assistant',
    summary: 'Measure the missing-information and security-report detectors on hand-labelled sets',
    usage: USAGE,
    async run(argv) {
      let values;
      try {
        ({ values } = parseArgs({ args: argv, options: { 'missing-info': { type: 'string' }, security: { type: 'string' }, items: { type: 'string' }, errors: { type: 'boolean' }, json: { type: 'boolean' } } }));
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const read = async <T>(file: string): Promise<T[]> => {
        const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new UsageError(`Cannot read ${file} (${err.code ?? err.message}). Give a JSON-lines file, or leave the option out to use the project's labelled set.`);
        });
        return parseJsonLines<T>(text, file);
      };
      const items = values.items?.split(',').map((i) => i.trim()).filter(Boolean) ?? [...MISSING_INFO_ITEMS];
      const unknown = items.filter((i) => !(MISSING_INFO_ITEMS as readonly string[]).includes(i));
      if (unknown.length) throw new UsageError(`--items has ${unknown.join(', ')}; items are ${MISSING_INFO_ITEMS.join(', ')}`);
      const missingInfo = evaluateMissingInfo(await read<LabelledReport>(values['missing-info'] ?? path.join(FIXTURES, 'missing-info-eval.jsonl')), items as MissingInfoItem[]);
      const security = evaluateSecurity(await read<LabelledSecurityCase>(values.security ?? path.join(FIXTURES, 'security-eval.jsonl')));
      if (values.json) {
        io.out(`${JSON.stringify({ missingInfo: values.errors ? missingInfo : { ...missingInfo, errors: undefined }, security: values.errors ? security : { ...security, errors: undefined } }, null, 2)}\n`);
        return 0;
      }
      const line = (name: string, c: Counts) => `  ${name.padEnd(14)} precision ${fmt(c.precision)}  recall ${fmt(c.recall)}  (tp ${c.tp}, fp ${c.fp}, fn ${c.fn}, tn ${c.tn})`;
      io.out([
        `Missing information, ${missingInfo.reports} reports (positive: the item is missing):`,
        ...Object.entries(missingInfo.perItem).map(([item, c]) => line(item, c)),
        line('all items', missingInfo.all),
        ...Object.entries(missingInfo.bySplit).map(([split, c]) => line(`split ${split}`, c)),
        `Per report, requiring ${missingInfo.perReport.required.join(', ')} (positive: at least one is missing, so it comments):`,
        line('comments', missingInfo.perReport.asks),
        `  exact lists    ${missingInfo.perReport.exactLists} of ${missingInfo.reports} reports get a comment listing exactly what they lack (or none)`,
        `Security reports, ${security.cases} issues:`,
        line('all', security.all),
        ...Object.entries(security.bySource).map(([source, c]) => line(source, c)),
        ...(values.errors ? ['Errors:', ...missingInfo.errors.map((e) => `  ${e.id} ${e.item}: ${e.asked ? 'asked, but present' : 'missed'} (${e.why})`), ...security.errors.map((e) => `  ${e.id}: ${e.predicted ? 'flagged' : 'missed'} (${e.reasons.join('; ') || 'no rule fired'})`)] : []),
      ].join('\n') + '\n');
      return 0;
    },
  };
}

const fmt = (v: number | null) => (v === null ? '  – ' : v.toFixed(3));
