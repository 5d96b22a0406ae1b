import { parseArgs } from 'node:util';
import { createConfiguredEmbedder } from '../ai/create-triage-model';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createVectorStore, fusionWeightsFor } from '../search/vector-store';
import { runBacktest, type BacktestReport } from '../duplicates/backtest';
import { createBacktestStore } from '../duplicates/backtest-store';
import { deleteLoadedIssues } from '../duplicates/load-issues';
import { createGithubClients, split } from '../github/client';
import { duplicateTarget, markedIssues, type ListedIssue, type MarkedDuplicate } from '../github/duplicate-links';
import { createRepoConfigSource } from '../github/repo-config-source';
import { createWriteBackStore } from '../github/write-back-store';
import { createIssueStore } from '../issues/store';
import { createLogger } from '../log';
import { processOutput, UsageError, type Command, type CommandOutput } from './command';


const USAGE = `triageflow backtest --repo OWNER/NAME [--json]

Measures the similar-issue search on the repository's own history. Reads its issues through the GitHub
REST API (GITHUB_TOKEN or a GitHub App, GITHUB_API_URL), takes the ones people marked as duplicates
(closed as duplicate, or carrying the duplicate label, with a "Duplicate of #N" comment saying of
which), loads every issue through the pipeline's embedding and word index into a scratch repository
of the database (removed afterwards), and reports recall@1/5/10, MRR, the scores of true and best
wrong neighbours, and the lowest score at which "duplicate of" was right at least 95% of the time.
The result is stored: the dashboard shows the newest per repository, and duplicates.threshold: auto
in .github/triageflow.yml uses its threshold.`;

export const backtestCommand: Command = createBacktestCommand();

export function createBacktestCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'backtest',
    summary: 'Measure duplicate detection on a repository\'s own marked duplicates (GitHub API) and store the result',
    usage: USAGE,
    async run(argv, env) {
      const opts = parseOptions(argv);
      const config = loadConfig(env);
      const log = createLogger(config.logLevel);
      const github = createGithubClients(config.github, log);
      if (!github.configured) io.err('backtest: no GITHUB_TOKEN or GitHub App configured; reading anonymously (public repositories only, 60 requests an hour).\n');
      const [owner, repo] = split(opts.repoFullName);
      const octokit = await github.forRepo(opts.repoFullName);
      const { data: repository } = await octokit.repos.get({ owner, repo });
      const db = await openDatabase(config, log);
      const scratchRepoId = -Date.now();
      try {
        const issueStore = createIssueStore(db.pool, () => null);
        const repoConfigs = createRepoConfigSource({ github, store: createWriteBackStore(db.pool), ttlMs: config.github.repoConfigTtlMs, log, rememberLabels: issueStore.rememberLabels });
        const { config: repoConfig, error } = await repoConfigs.load(repository.full_name, repository.id);
        if (error) io.err(`backtest: ${error}\n`);

        const issues: ListedIssue[] = [];
        for await (const page of octokit.paginate.iterator(octokit.issues.listForRepo, { owner, repo, state: 'all', sort: 'created', direction: 'asc', per_page: 100 })) {
          issues.push(...(page.data as ListedIssue[]).filter((i) => !i.pull_request));
          io.err(`\rread ${issues.length} issues`);
        }
        io.err('\n');
        const numbers = new Set(issues.map((i) => i.number));
        const marked = markedIssues(issues, repoConfig.duplicateLabel);
        const links: MarkedDuplicate[] = [];
        const unresolved: number[] = [];
        for (const [k, issue] of marked.entries()) {
          const link = await duplicateTarget(octokit, repository.full_name, issue.number);
          if (link && numbers.has(link.duplicateOf)) links.push(link);
          else unresolved.push(issue.number);
          io.err(`\rread the timelines of ${k + 1}/${marked.length} issues marked as duplicates`);
        }
        if (marked.length) io.err('\n');

        const embedder = await createConfiguredEmbedder({ config });
        const fusion = fusionWeightsFor(embedder, config.similarSemanticWeight);
        // No index is built here: this is the product's database, whose workers build (or, for an
        // embedding that gathers no candidates, drop) the HNSW index by their own rule; until then a
        // large repository is searched exactly, which ranks the same.
        const report = await runBacktest({
          repo: repository.full_name, vectors: createVectorStore(db.pool, embedder, fusion), embedder, repoId: scratchRepoId, fusion, links, unresolved,
          issues: issues.map((i) => ({ number: i.number, title: i.title, body: i.body ?? '' })),
          progress: opts.json ? undefined : (done, total) => io.err(`\rloaded ${done}/${total} issues`),
        });
        if (!opts.json) io.err('\n');
        await createBacktestStore(db.pool).save(repository.id, report);
        io.out(`${opts.json ? JSON.stringify(report, null, 2) : formatBacktest(report)}\n`);
        return 0;
      } finally {
        await deleteLoadedIssues(db.pool, scratchRepoId).catch(() => undefined);
        await db.close();
      }
    },
  };
}

export function formatBacktest(r: BacktestReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const t = r.threshold;
  return [
    `${r.repo}: ${r.corpus.issues} issues, ${r.marked.issues} marked as duplicates, ${r.marked.linked} with the issue they duplicate (${r.marked.viaComment} by comment, ${r.marked.viaEvent} by event)`,
    `  ${r.queries} queries (both directions): recall@1 ${pct(r.recallAt1)}  @5 ${pct(r.recallAt5)}  @10 ${pct(r.recallAt10)}  MRR ${r.mrr.toFixed(3)}`,
    `  words alone @5 ${pct(r.bySide.lexical.recallAt5)}, embedding alone @5 ${pct(r.bySide.semantic.recallAt5)}, plain TF-IDF @5 ${pct(r.baselines.plainTfidf.recallAt5)}`,
    `  true neighbour score p10 ${r.neighbours.true.p10} p50 ${r.neighbours.true.p50} p90 ${r.neighbours.true.p90}; best wrong p50 ${r.neighbours.bestWrong.p50} p90 ${r.neighbours.bestWrong.p90} p99 ${r.neighbours.bestWrong.p99}`,
    `  automatic threshold: ${t.auto ?? 'none'} (${t.reason})`,
    ...t.curve.map((c) => `    score >= ${c.score}: ${c.flagged} flagged, precision ${pct(c.precision)}`),
  ].join('\n');
}

function parseOptions(argv: string[]): { repoFullName: string; json: boolean } {
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { repo: { type: 'string' }, json: { type: 'boolean', default: false } } });
    if (!values.repo || !/^[^/\s]+\/[^/\s]+$/.test(values.repo)) throw new UsageError('--repo OWNER/NAME is required');
    return { repoFullName: values.repo, json: values.json ?? false };
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}
