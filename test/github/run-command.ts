import type { Command, CommandOutput } from '../../src/commands/command';

/** Runs a `--repo` command (backfill, backtest) against a test database and the fake GitHub, collecting its output. */
export function runRepoCommand(create: (io: CommandOutput) => Command, where: { databaseUrl: string; githubUrl: string; repo: string }, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const command = create({ out: (t) => void out.push(t), err: (t) => void err.push(t) });
  const env = { DATABASE_URL: where.databaseUrl, GITHUB_TOKEN: 'test-token', GITHUB_API_URL: where.githubUrl, LOG_LEVEL: 'silent', DATA_DIR: '/tmp' };
  return { done: command.run(['--repo', where.repo, ...args], env), out, err };
}
