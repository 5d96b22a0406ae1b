import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConfiguredEmbedder } from '../ai/create-triage-model';
import { loadConfig } from '../config';
import { ensureVectorIndex } from '../search/vector-index';
import { startEmbeddedDatabase } from '../db/embedded';
import { migrate } from '../db/migrate';
import { createPool, type Pool } from '../db/pool';
import { EXACT_SEARCH_MAX_ISSUES } from '../search/similar-issues';
import { createVectorStore, fusionWeightsFor } from '../search/vector-store';
import { CorpusError, loadCorpusIssues, loadDuplicateLinks } from '../duplicates/corpus';
import { evaluateDuplicates, type DuplicateEvalReport } from '../duplicates/evaluate';
import { deleteLoadedIssues } from '../duplicates/load-issues';
import { type CommandOutput, UsageError } from './command';

export const DUPLICATES_USAGE = `triageflow eval --duplicates --issues ISSUES.jsonl --pairs PAIRS.csv [--indexed] [--json]

Measures similar-issue retrieval on the product's own path: loads ISSUES (JSON lines: id, title, body)
as one repository into a fresh database (embedded under DATA_DIR, removed afterwards; with DATABASE_URL,
a repository of its own there, deleted afterwards) with the configured embedder, then asks for each
issue named in PAIRS (CSV: id, duplicate_of) for its similar issues and counts where the known
duplicate ranks.
  --indexed           search through the indexes (GIN, HNSW) as a repository of more than
                      ${EXACT_SEARCH_MAX_ISSUES} issues is, instead of exactly`;

export async function runDuplicateEval(argv: string[], env: NodeJS.ProcessEnv, io: CommandOutput): Promise<number> {
  const opts = parseOptions(argv);
  let issues, links;
  try {
    [issues, links] = await Promise.all([loadCorpusIssues(opts.issues), loadDuplicateLinks(opts.pairs)]);
    if (issues.length < 2) throw new CorpusError(`${opts.issues} has ${issues.length} issue(s); ranking needs at least two`);
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    io.err(`eval: ${err.message}\n`);
    return 1;
  }
  const config = loadConfig(env);
  const embedder = await createConfiguredEmbedder({ config });
  const fusion = fusionWeightsFor(embedder, config.similarSemanticWeight);
  const db = await openEvalDatabase(config.databaseUrl, config.dataDir);
  try {
    await ensureVectorIndex(db.pool, embedder.dimensions);
    const report = await evaluateDuplicates({
      vectors: createVectorStore(db.pool, embedder, fusion, opts.indexed ? 0 : undefined), embedder, repoId: db.repoId, issues, links, fusion,
      progress: opts.json ? undefined : (done, total) => io.err(`\rloaded ${done}/${total} issues`),
    });
    if (!opts.json) io.err('\n');
    io.out(`${opts.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

interface EvalDatabase {
  pool: Pool;
  repoId: number;
  close(): Promise<void>;
}

// A negative repository id never collides with GitHub's, so a shared database keeps its real issues apart.
async function openEvalDatabase(databaseUrl: string | undefined, dataDir: string): Promise<EvalDatabase> {
  if (databaseUrl) {
    const pool = createPool(databaseUrl);
    const repoId = -Date.now();
    await migrate(pool);
    return {
      pool, repoId,
      async close() {
        await deleteLoadedIssues(pool, repoId);
        await pool.end();
      },
    };
  }
  await fs.mkdir(dataDir, { recursive: true });
  const dir = await fs.mkdtemp(path.join(dataDir, 'eval-duplicates-'));
  const embedded = await startEmbeddedDatabase({ dataDir: dir });
  const pool = createPool(embedded.url);
  await migrate(pool);
  return {
    pool, repoId: -1,
    async close() {
      await pool.end();
      await embedded.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

function formatReport(r: DuplicateEvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (name: string, m: { recallAt1: number; recallAt5: number; recallAt10: number; mrr: number }) =>
    `  ${name.padEnd(9)} recall@1 ${pct(m.recallAt1)}  @5 ${pct(m.recallAt5)}  @10 ${pct(m.recallAt10)}  MRR ${m.mrr.toFixed(3)}`;
  return [
    `Duplicate retrieval: ${r.queries} queries over ${r.corpus.issues} issues (${r.corpus.skippedLinks} links skipped: an id not in the issues file)`,
    `Embedder ${r.embedder}; fused score = ${r.fusion.lexical} × lexical + ${r.fusion.semantic} × semantic`,
    line('fused', r),
    line('lexical', r.bySide.lexical),
    line('semantic', r.bySide.semantic),
    line('plain', r.baselines.plainTfidf),
    '  (plain: TF-IDF over the whole corpus, scikit-learn\'s scheme, the yardstick the words side must match)',
    `  query p50 ${r.queryP50Ms} ms, p99 ${r.queryP99Ms} ms; loading took ${r.loadSeconds} s`,
    `  fused score of the known duplicate: p10 ${r.scores.knownDuplicate.p10}, p50 ${r.scores.knownDuplicate.p50}; best other issue: p50 ${r.scores.bestOther.p50}, p90 ${r.scores.bestOther.p90}, p99 ${r.scores.bestOther.p99}`,
    `  semantic weight sweep (recall@5): ${r.sweep.map((s) => `${s.semantic}→${pct(s.recallAt5)}`).join('  ')}`,
  ].join('\n');
}

function parseOptions(argv: string[]): { issues: string; pairs: string; json: boolean; indexed: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { duplicates: { type: 'boolean' }, issues: { type: 'string' }, pairs: { type: 'string' }, json: { type: 'boolean', default: false }, indexed: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${DUPLICATES_USAGE}`);
  }
  if (!values.issues) throw new UsageError('--duplicates needs --issues ISSUES.jsonl (JSON lines with id, title, body)');
  if (!values.pairs) throw new UsageError('--duplicates needs --pairs PAIRS.csv (CSV with id, duplicate_of)');
  return { issues: values.issues, pairs: values.pairs, json: values.json, indexed: values.indexed };
}
