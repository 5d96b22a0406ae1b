import { parseArgs } from 'node:util';
import { createOfflineModel } from '../ai/offline';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { appendExamples } from '../ai/offline/classifier/store';
import type { LabeledExample } from '../ai/types';
import { runBackfill, type BackfillProgress } from '../github/backfill';
import { createBackfillProgressStore } from '../github/backfill-store';
import { createInboxStore } from '../inbox/store';
import { createGithubClients } from '../github/client';
import { createRepoConfigSource } from '../github/repo-config-source';
import { createWriteBackStore } from '../github/write-back-store';
import { createIssueStore } from '../issues/store';
import { createLogger } from '../log';
import { type Command, type CommandOutput, processOutput, UsageError } from './command';

const USAGE = `triageflow backfill --repo OWNER/NAME [--since DATE] [--train] [--triage-open] [--rate N]

Pages through the repository's issues with the GitHub REST API (GITHUB_TOKEN or a GitHub App,
GITHUB_API_URL), oldest first, and records its progress: run it again after an interruption and it
resumes at the page it stopped on. --train imports the issues people labelled as training data for the
offline model (labels mapped as .github/triageflow.yml says), then retrains it. --triage-open queues
the open issues without a managed label into the webhook inbox, N per second (default 2), so the
running server's workflows triage them like new deliveries. --since takes issues updated since DATE.`;

export const backfillCommand: Command = createBackfillCommand();

export function createBackfillCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'backfill',
    summary: 'Import a repository\'s issues from GitHub as training data, and optionally triage the open ones',
    usage: USAGE,
    async run(argv, env) {
      const opts = parseOptions(argv);
      const config = loadConfig(env);
      const log = createLogger(config.logLevel);
      const github = createGithubClients(config.github, log);
      if (!github.configured) {
        io.err('backfill: set GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY) so Triageflow can read the repository\'s issues.\n');
        return 78;
      }
      const db = await openDatabase(config, log);
      try {
        const issues = createIssueStore(db.pool, () => null);
        const repoConfigs = createRepoConfigSource({ github, store: createWriteBackStore(db.pool), ttlMs: config.github.repoConfigTtlMs, log, rememberLabels: issues.rememberLabels });
        const octokit = await github.forRepo(opts.repoFullName);
        const { data: repository } = await octokit.repos.get({ owner: opts.repoFullName.split('/')[0]!, repo: opts.repoFullName.split('/')[1]! });
        const { config: repoConfig, error } = await repoConfigs.load(repository.full_name, repository.id);
        if (error) io.err(`backfill: ${error}\n`);
        const stores = {
          progress: createBackfillProgressStore(db.pool), inbox: createInboxStore(db.pool), examples: { append: (examples: LabeledExample[]) => appendExamples(db.pool, examples) },
        };
        const result = await runBackfill(octokit, stores, repoConfig, { ...opts, perPage: 100, onProgress: (p) => io.err(`\r${bar(p)}`) });
        io.err('\n');
        if (result.resumedAt > 1) io.out(`Resumed at page ${result.resumedAt}.\n`);
        if (opts.train && result.trained > 0) {
          const report = await (await createOfflineModel({ pool: db.pool, log })).train([]);
          io.out(`Trained ${report.model} on ${report.examples} examples.\n`);
        }
        io.out(`${repository.full_name}: ${result.seen} issues read, ${result.trained} imported as training data, ${result.queued} queued for triage.\n`);
        return 0;
      } finally {
        await db.close();
      }
    },
  };
}

function bar(p: BackfillProgress): string {
  const width = 24;
  const filled = p.lastPage ? Math.round((width * p.page) / p.lastPage) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] page ${p.page}/${p.lastPage ?? '?'} · ${p.seen} issues · ${p.trained} trained · ${p.queued} queued`;
}

function parseOptions(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { repo: { type: 'string' }, since: { type: 'string' }, train: { type: 'boolean' }, 'triage-open': { type: 'boolean' }, rate: { type: 'string' } },
    });
    if (!values.repo || !/^[^/\s]+\/[^/\s]+$/.test(values.repo)) throw new UsageError('--repo OWNER/NAME is required');
    if (values.since && Number.isNaN(Date.parse(values.since))) throw new UsageError(`--since "${values.since}" is not a date; use e.g. 2024-01-31`);
    const rate = values.rate === undefined ? 2 : Number(values.rate);
    if (!(rate > 0 && rate <= 50)) throw new UsageError('--rate must be a number of issues per second from 0.1 to 50');
    if (!values.train && !values['triage-open']) throw new UsageError('say what to do: --train, --triage-open, or both');
    return {
      repoFullName: values.repo, since: values.since ? new Date(values.since).toISOString() : undefined,
      train: values.train ?? false, triageOpen: values['triage-open'] ?? false, triagePerSecond: rate,
    };
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}
