import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { createDoctorCommand } from '../../src/commands/doctor';
import { doctorFindings, secretWeakness, type DoctorFacts } from '../../src/commands/doctor-checks';
import { startTestDatabase, type TestDatabase } from '../support/database';

// `doctor`: each check fires on the configuration it is about and stays quiet on a sound one; the
// command reads the repositories the database knows.

const strong = () => randomBytes(24).toString('base64url');
const sound = { GITHUB_WEBHOOK_SECRET: strong(), DASHBOARD_TOKEN: strong(), HOST: '127.0.0.1' };
const facts = (env: NodeJS.ProcessEnv, more: Partial<DoctorFacts> = {}): DoctorFacts => ({ config: loadConfig(env), generatedSecrets: false, ...more });
const checks = (f: DoctorFacts) => doctorFindings(f).filter((x) => x.severity !== 'ok').map((x) => `${x.severity}:${x.check}`);

test('a sound configuration has nothing to change', () => {
  expect(doctorFindings(facts(sound, { database: { repositories: 1, privateRepositories: 0, reposWithOwnSecret: 0 } }))).toEqual([
    { severity: 'ok', check: 'all', message: expect.any(String) },
  ]);
});

test.each([
  ['a short webhook secret', { GITHUB_WEBHOOK_SECRET: 'hunter2' }, 'problem:weak-secret'],
  ['a word for a dashboard token', { DASHBOARD_TOKEN: 'secretsecretsecretsecret-2024' }, 'problem:weak-secret'],
  ['a repetitive metrics token', { METRICS_TOKEN: 'abababababababababababababab' }, 'problem:weak-secret'],
  ['the webhook secret as dashboard token', { DASHBOARD_TOKEN: sound.GITHUB_WEBHOOK_SECRET }, 'problem:reused-secret'],
  ['unsigned webhooks', { GITHUB_WEBHOOK_SECRET: '', TRIAGEFLOW_INSECURE_NO_WEBHOOK_SECRET: '1' }, 'problem:webhook-secret'],
  ['HOST 0.0.0.0 without https in front', { HOST: '0.0.0.0' }, 'problem:exposure'],
  ['HOST 0.0.0.0 with http PUBLIC_URL', { HOST: '0.0.0.0', PUBLIC_URL: 'http://triage.example' }, 'problem:exposure'],
  ['metrics open beyond loopback', { METRICS_HOST: '0.0.0.0' }, 'warning:metrics'],
  ['a paid model without budgets', { OPENAI_API_KEY: 'sk-x' }, 'warning:budget'],
  ['a paid model with one budget only', { OPENAI_API_KEY: 'sk-x', LLM_DAILY_BUDGET_USD: '5' }, 'warning:budget'],
  ['a remote database without TLS', { DATABASE_URL: 'postgres://u:p@db.example:5432/t' }, 'warning:database-tls'],
  ['an owner/* allowlist on one shared secret', { GITHUB_REPOS: 'octo/*' }, 'warning:shared-secret'],
])('%s', (_what, env, expected) => {
  expect(checks(facts({ ...sound, ...env }))).toContain(expected);
});

test.each([
  ['HOST 0.0.0.0 behind https', { HOST: '0.0.0.0', PUBLIC_URL: 'https://triage.example' }, 'exposure'],
  ['metrics open beyond loopback with a token', { METRICS_HOST: '0.0.0.0', METRICS_TOKEN: strong() }, 'metrics'],
  ['a paid model with both budgets', { OPENAI_API_KEY: 'sk-x', LLM_DAILY_BUDGET_USD: '5', LLM_MAX_CALLS_PER_AUTHOR_PER_DAY: '20' }, 'budget'],
  ['a remote database with sslmode=verify-full', { DATABASE_URL: 'postgres://u:p@db.example:5432/t?sslmode=verify-full' }, 'database-tls'],
  ['several repositories under a GitHub App', { GITHUB_REPOS: 'octo/*', GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: 'pem' }, 'shared-secret'],
])('quiet: %s', (_what, env, check) => {
  expect(checks(facts({ ...sound, ...env })).map((c) => c.split(':')[1])).not.toContain(check);
});

test('the repositories the database knows: shared secrets, no allowlist, public read with private ones, a missing key', () => {
  const database = { repositories: 4, privateRepositories: 1, reposWithOwnSecret: 1 };
  expect(checks(facts({ ...sound, DASHBOARD_PUBLIC_READ: '1', DATABASE_URL: 'postgres://u:p@localhost/t' }, { database })))
    .toEqual(['warning:shared-secret', 'warning:no-allowlist', 'problem:secrets-key', 'warning:public-read']);
  // Every repository with a secret of its own, an allowlist and the key: nothing about secrets.
  const keyed = { ...sound, GITHUB_REPOS: 'octo/a,octo/b', WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'), DATABASE_URL: 'postgres://u:p@localhost/t' };
  expect(checks(facts(keyed, { database: { repositories: 2, privateRepositories: 0, reposWithOwnSecret: 2 } }))).toEqual([]);
  expect(checks(facts(sound, { dataDirMode: 0o755 }))).toEqual(['problem:data-dir']);
});

test('generated dev secrets are not judged; a secret of 24 varied characters passes', () => {
  expect(checks(facts({ ...sound, DASHBOARD_TOKEN: 'short' }, { generatedSecrets: true }))).toEqual([]);
  expect(secretWeakness('aZ3-kq9_Lm2PxR7tYw4VbN8c')).toBeUndefined();
});

describe('the command', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
    await db.pool.query("INSERT INTO repositories (repo_id, full_name, private) VALUES (1, 'octo/a', false), (2, 'octo/b', true)");
  });
  afterAll(async () => db?.stop());

  test('reads the database, prints what to change and exits 1 on a problem', async () => {
    const out: string[] = [];
    const command = createDoctorCommand({ out: (t) => void out.push(t), err: (t) => void out.push(t) });
    const env = { ...sound, HOST: '0.0.0.0', DATABASE_URL: db.url, DASHBOARD_PUBLIC_READ: '1' };
    expect(await command.run(['--json'], env)).toBe(1);
    const { findings } = JSON.parse(out.join('')) as { findings: { check: string; message: string }[] };
    expect(findings.map((f) => f.check)).toEqual(['shared-secret', 'no-allowlist', 'public-read', 'exposure']);
    expect(findings.find((f) => f.check === 'public-read')!.message).toMatch(/1 of the 2 repositories are private/);

    out.length = 0;
    expect(await command.run([], { ...sound, DATABASE_URL: db.url, GITHUB_REPOS: 'octo/a' })).toBe(0);
    expect(out.join('')).toMatch(/^Triageflow doctor: 0 problems, 1 warning\n\n! GITHUB_WEBHOOK_SECRET is shared by several repositories \(2 seen\)/);
    expect(out.join('')).toMatch(/Change: Give each repository its own secret with `npm run cli -- repo add owner\/name`/);
  });
});
