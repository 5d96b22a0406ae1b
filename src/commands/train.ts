import { parseArgs } from 'node:util';
import { DatasetError, defaultLabelMap, loadDataset, loadLabelMap, type SkippedRow } from '../ai/datasets';
import { createOfflineModel, type TrainReport } from '../ai/offline';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createLogger } from '../log';
import { type Command, type CommandOutput, processOutput, UsageError } from './command';

const USAGE = `triageflow train --from FILE [--label-map JSON_FILE]

Teaches the offline model from labelled issues and saves it in the database (DATABASE_URL, or the
embedded one under DATA_DIR). FILE is CSV with title, body and label columns (extra columns allowed),
or JSON lines of GitHub REST issue objects whose labels map to categories. JSON_FILE maps repository
labels to categories or priorities over the defaults, e.g. {"kind/bug": "bug", "P-high": "p1"}.`;

export const trainCommand: Command = createTrainCommand();

export function createTrainCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'train',
    summary: 'Train the offline model from a CSV or JSON-lines file of labelled issues',
    usage: USAGE,
    async run(argv, env) {
      const { file, labelMap } = parseOptions(argv);
      let dataset;
      try {
        dataset = await loadDataset(file, labelMap ? await loadLabelMap(labelMap) : defaultLabelMap());
        if (dataset.rows.length === 0) throw new DatasetError(file, undefined, `no usable rows: ${dataset.skipped.length} skipped\n${describeSkipped(dataset.skipped)}`);
      } catch (err) {
        if (!(err instanceof DatasetError)) throw err;
        io.err(`train: ${err.message}\n`);
        return 1;
      }
      const config = loadConfig(env);
      const log = createLogger(config.logLevel);
      const db = await openDatabase(config, log);
      try {
        const model = await createOfflineModel({ pool: db.pool, log });
        const report = await model.train(dataset.rows.map((r) => r.example));
        io.out(`${formatSummary(file, dataset.rows.length, dataset.skipped, report)}\n`);
        return 0;
      } finally {
        await db.close();
      }
    },
  };
}

function parseOptions(argv: string[]): { file: string; labelMap?: string } {
  try {
    const { values } = parseArgs({ args: argv, options: { from: { type: 'string' }, 'label-map': { type: 'string' } }, strict: true, allowPositionals: false });
    if (!values.from) throw new UsageError('--from FILE is required');
    return { file: values.from, labelMap: values['label-map'] };
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}

function formatSummary(file: string, usable: number, skipped: SkippedRow[], r: TrainReport): string {
  const counts = (m: Record<string, number>) => Object.entries(m).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  const lines = [
    `Read ${file}: ${usable} usable rows, ${skipped.length} skipped`,
    ...(skipped.length ? [describeSkipped(skipped)] : []),
    `Stored ${r.added} new examples (${r.duplicates} already known)`,
    `Trained ${r.model} on ${r.examples} examples (${r.corrections} human corrections) in ${(r.millis / 1000).toFixed(1)} s`,
    `  categories: ${counts(r.byCategory) || 'none'}`,
    `  priorities: ${counts(r.byPriority) || 'none labelled, so the priority rules decide'}`,
  ];
  return lines.join('\n');
}

/** Skipped rows grouped by kind of reason, with the first few line numbers of each. */
function describeSkipped(skipped: SkippedRow[]): string {
  const groups = new Map<string, SkippedRow[]>();
  for (const s of skipped) {
    const kind = s.reason.replace(/\s*\(.*$/, '');
    groups.set(kind, [...(groups.get(kind) ?? []), s]);
  }
  return [...groups]
    .map(([kind, rows]) => `  ${rows.length} × ${kind}: ${rows.slice(0, 3).map((s) => `line ${s.line}${s.reason.length > kind.length ? ` ${s.reason.slice(kind.length).trim()}` : ''}`).join('; ')}${rows.length > 3 ? '; …' : ''}`)
    .join('\n');
}
