import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { runningEmbeddedDatabaseUrl } from '../db/open';
import { createPool } from '../db/pool';
import { type Command, type CommandOutput, processOutput } from './command';
import { devEnvironment } from './dev';
import { readDevSecrets } from './dev-secrets';
import { doctorFindings, type DoctorFacts, type Finding } from './doctor-checks';

const USAGE = `triageflow doctor [--dev] [--json]

Checks the configuration in the environment, as \`server\` would run with it (--dev: as \`npm run dev\`
would, with its generated secrets and loopback default), and what the database knows of the
repositories (with DATABASE_URL, or while \`npm run dev\` runs): weak or shared webhook secrets, public
reading with private repositories, a server exposed without TLS in front, a paid model without
budgets. Says what to change. Exits 1 when there is a problem to fix, 0 otherwise.`;

const MARK = { problem: '✗', warning: '!', ok: '✓' } as const;

export const doctorCommand: Command = createDoctorCommand();

export function createDoctorCommand(io: CommandOutput = processOutput): Command {
  return {
    name: 'doctor',
    summary: 'Check a configuration against hostile input and several repositories, and say what to change',
    usage: USAGE,
    async run(argv, env) {
      const { values } = parseArgs({ args: argv, options: { dev: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
      const facts = await gatherFacts(env, values.dev);
      const findings = doctorFindings(facts);
      if (values.json) io.out(`${JSON.stringify({ findings }, null, 2)}\n`);
      else io.out(report(findings, facts));
      return findings.some((f) => f.severity === 'problem') ? 1 : 0;
    },
  };
}

async function gatherFacts(env: NodeJS.ProcessEnv, dev: boolean): Promise<DoctorFacts> {
  let config = loadConfig(env);
  let generatedSecrets = false;
  if (dev) {
    // As `dev` would run: secrets missing from the environment come from (or will be generated into) DATA_DIR.
    const kept = readDevSecrets(config.dataDir);
    generatedSecrets = !env.GITHUB_WEBHOOK_SECRET?.trim() && !env.DASHBOARD_TOKEN?.trim();
    // Until dev has run once there are none yet: stand-ins, as dev will generate random ones.
    config = loadConfig(devEnvironment(env, {
      webhookSecret: env.GITHUB_WEBHOOK_SECRET?.trim() || kept.webhookSecret || 'to-be-generated-webhook-secret',
      dashboardToken: env.DASHBOARD_TOKEN?.trim() || kept.dashboardToken || 'to-be-generated-dashboard-token',
    }));
  }
  const dataDirMode = !config.databaseUrl && fs.existsSync(config.dataDir) ? fs.statSync(config.dataDir).mode & 0o777 : undefined;
  return { config, generatedSecrets, dataDirMode, database: await readDatabaseFacts(config.databaseUrl ?? runningEmbeddedDatabaseUrl(config.dataDir)) };
}

/** What the database knows of the repositories; undefined when it cannot be reached (doctor never migrates it). */
async function readDatabaseFacts(url: string | undefined): Promise<DoctorFacts['database']> {
  if (!url) return undefined;
  const pool = createPool(url, 1, 'triageflow-doctor', { deadlineMs: 5_000 });
  try {
    const count = async (sql: string) => (await pool.query<{ n: number; p?: number }>(sql)).rows[0]!;
    const repos = await count('SELECT count(*)::int AS n, count(*) FILTER (WHERE private)::int AS p FROM repositories');
    const own = await count('SELECT count(*)::int AS n FROM repository_webhook_secrets');
    return { repositories: repos.n, privateRepositories: repos.p ?? 0, reposWithOwnSecret: own.n };
  } catch {
    return undefined;
  } finally {
    await pool.end();
  }
}

function report(findings: Finding[], facts: DoctorFacts): string {
  const problems = findings.filter((f) => f.severity === 'problem').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const lines = [`Triageflow doctor: ${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`, ''];
  for (const f of findings) {
    lines.push(`${MARK[f.severity]} ${f.message}`);
    if (f.fix) lines.push(`    Change: ${f.fix}`);
  }
  if (!facts.database) lines.push('', 'The database could not be read (set DATABASE_URL, or run doctor while `npm run dev` runs): checks of the repositories seen were skipped.');
  return `${lines.join('\n')}\n`;
}
