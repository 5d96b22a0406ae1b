import { parseArgs } from 'node:util';
import { DatasetError, defaultLabelMap, loadDataset, loadLabelMap } from '../ai/datasets';
import { checkEmbedder, computeMetrics, crossValidate, formatReport, latencyOf, prequential, zeroShot, type EvalItem, type EvalReport, type PrequentialOrder } from '../ai/offline';
import { CATEGORIES, type Category } from '../domain/triage';
import { processOutput, UsageError, type Command, type CommandOutput } from './command';
import { DUPLICATES_USAGE, runDuplicateEval } from './eval-duplicates';

const USAGE = `triageflow eval --data FILE [--folds K | --prequential [--order shuffle|file|time] [--corrections-only]]
                [--seed N] [--label-map JSON_FILE] [--json]

Measures the offline classifier in memory (no database). FILE is CSV (title, body, label columns) or JSON
lines of GitHub issues. Without --folds or --prequential: zero-shot, the cold-start rules alone.
  --folds K           stratified K-fold cross-validation
  --prequential       predict each issue, then learn it: wrong ones as corrections, right ones as
                      confirmed labels (--corrections-only: learn from wrong ones only)
  --order             prequential order: seeded shuffle (default), file order, or created_at
  --seed N            seed for folds, shuffles and training (default 42)
  --json              print the report as JSON

${DUPLICATES_USAGE}`;

// The window the prequential summary reports separately: how the model does once it has learned.
const LAST_WINDOW = 500;

export const evalCommand: Command = createEvalCommand();

export function createEvalCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'eval',
    summary: 'Measure the offline classifier (zero-shot, cross-validation, prequential) or duplicate retrieval (--duplicates)',
    usage: USAGE,
    async run(argv, env) {
      if (argv.includes('--duplicates')) return runDuplicateEval(argv, env, io);
      const opts = parseOptions(argv);
      try {
        const map = opts.labelMap ? await loadLabelMap(opts.labelMap) : defaultLabelMap();
        const dataset = await loadDataset(opts.data, map);
        if (dataset.rows.length === 0) throw new DatasetError(opts.data, undefined, `no usable rows (${dataset.skipped.length} skipped)`);
        const items: EvalItem[] = dataset.rows.map((r) => ({ example: { ...r.example, category: r.example.category as Category }, createdAt: r.createdAt }));

        let mode: string;
        let result;
        if (opts.folds !== undefined) {
          mode = `${opts.folds}-fold stratified cross-validation (seed ${opts.seed})`;
          result = crossValidate(items, opts.folds, opts.seed);
        } else if (opts.prequential) {
          const order = opts.order === 'shuffle' ? `seeded shuffle (seed ${opts.seed})` : opts.order === 'time' ? 'created_at order' : 'file order';
          const learning = opts.correctionsOnly ? 'learn wrong ones only, as corrections' : 'learn every issue: wrong ones as corrections, right ones as confirmed labels';
          mode = `prequential, ${order}: predict, then ${learning}`;
          result = prequential(items, { order: opts.order, seed: opts.seed, correctionsOnly: opts.correctionsOnly });
        } else {
          mode = 'zero-shot: cold-start rules only, nothing learned';
          result = zeroShot(items);
        }
        const embedder = checkEmbedder(items.map((i) => `${i.example.issue.title}\n\n${i.example.issue.body}`), opts.seed);
        const report: EvalReport = {
          data: { file: opts.data, issues: items.length, skipped: dataset.skipped.length },
          mode,
          metrics: computeMetrics(result.gold, result.predicted, CATEGORIES),
          latency: latencyOf(result, embedder),
          embedder,
        };
        if (opts.prequential) {
          const hits = result.gold.map((g, i) => (g === result.predicted[i] ? 1 : 0));
          const last = hits.slice(-LAST_WINDOW);
          report.prequential = {
            overallAccuracy: report.metrics.accuracy,
            lastWindow: last.length,
            lastWindowAccuracy: last.reduce((a: number, b) => a + b, 0) / last.length,
          };
        }
        io.out(`${opts.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
        return 0;
      } catch (err) {
        if (err instanceof DatasetError) {
          io.err(`eval: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    },
  };
}

interface EvalOptions {
  data: string;
  folds?: number;
  prequential: boolean;
  order: PrequentialOrder;
  correctionsOnly: boolean;
  seed: number;
  labelMap?: string;
  json: boolean;
}

function parseOptions(argv: string[]): EvalOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        folds: { type: 'string' },
        prequential: { type: 'boolean', default: false },
        order: { type: 'string' },
        'corrections-only': { type: 'boolean', default: false },
        seed: { type: 'string', default: '42' },
        'label-map': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.data) throw new UsageError('--data FILE is required');
  if (values.folds !== undefined && values.prequential) throw new UsageError('choose one of --folds and --prequential');
  const folds = values.folds === undefined ? undefined : Number(values.folds);
  if (folds !== undefined && (!Number.isInteger(folds) || folds < 2)) throw new UsageError(`--folds must be a whole number of at least 2 (got "${values.folds}")`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got "${values.seed}")`);
  const order = values.order ?? 'shuffle';
  if (!['shuffle', 'file', 'time'].includes(order)) throw new UsageError(`--order must be shuffle, file or time (got "${order}")`);
  if ((values['corrections-only'] || values.order !== undefined) && !values.prequential) throw new UsageError('--order and --corrections-only apply to --prequential only');
  return {
    data: values.data,
    folds,
    prequential: values.prequential,
    order: order as PrequentialOrder,
    correctionsOnly: values['corrections-only'],
    seed,
    labelMap: values['label-map'],
    json: values.json,
  };
}
