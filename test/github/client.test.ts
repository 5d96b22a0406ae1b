import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config';
import { createGithubClients } from '../../src/github/client';
import { FAKE_BOT_LOGIN, FAKE_INSTALLATION_TOKEN, startFakeGithub, type FakeGithub } from '../support/fake-github';

// The GitHub client's two ways to authenticate, against the fake GitHub; and its settings.

let github: FakeGithub;
const log = pino({ level: 'silent' });
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

beforeAll(async () => {
  github = await startFakeGithub();
  github.issue('octo/app', 1);
});
afterAll(() => github?.close());

const settings = (env: NodeJS.ProcessEnv) => loadConfig({ GITHUB_API_URL: github.url, ...env }).github;

test('a token authenticates every request; its user is the bot', async () => {
  const clients = createGithubClients(settings({ GITHUB_TOKEN: 'ghp_secret' }), log);
  expect(clients.configured).toBe(true);
  await (await clients.forRepo('octo/app')).issues.get({ owner: 'octo', repo: 'app', issue_number: 1 });
  expect(github.requests.at(-1)!.headers.authorization).toBe('token ghp_secret');
  expect(await clients.botLogin()).toBe(FAKE_BOT_LOGIN);
});

test('a GitHub App uses the installation from the payload, or looks it up, and is "<slug>[bot]"', async () => {
  // The key as an environment variable often carries literal "\\n"s.
  const clients = createGithubClients(settings({ GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n') }), log);
  github.requests.length = 0;
  await (await clients.forRepo('octo/app', 77)).issues.get({ owner: 'octo', repo: 'app', issue_number: 1 });
  expect(github.requestsTo('POST', /^\/app\/installations\/77\/access_tokens$/)).toHaveLength(1);
  // The installation token request is signed with a JWT of the App's key.
  expect(github.requestsTo('POST', /access_tokens$/)[0]!.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  expect(github.requestsTo('GET', /^\/repos\/octo\/app\/issues\/1$/)[0]!.headers.authorization).toBe(`token ${FAKE_INSTALLATION_TOKEN}`);

  github.requests.length = 0;
  await (await clients.forRepo('octo/app')).issues.get({ owner: 'octo', repo: 'app', issue_number: 1 });
  expect(github.requestsTo('GET', /^\/repos\/octo\/app\/installation$/)).toHaveLength(1);
  expect(github.requestsTo('POST', /^\/app\/installations\/4242\/access_tokens$/)).toHaveLength(1);
  expect(await clients.botLogin()).toBe('triageflow[bot]');
});

test('without credentials nothing can be written', () => {
  expect(createGithubClients(settings({}), log).configured).toBe(false);
});

test('settings are checked by name, and the private key is never echoed', () => {
  expect(() => loadConfig({ GITHUB_APP_ID: '123' })).toThrow(/GITHUB_APP_PRIVATE_KEY: not set, but GITHUB_APP_ID is/);
  expect(() => loadConfig({ GITHUB_APP_ID: 'my-app' })).toThrow(/GITHUB_APP_ID must be the numeric App id/);
  expect(() => loadConfig({ GITHUB_API_URL: 'github.example.com' })).toThrow(/GITHUB_API_URL must be an http:\/\/ or https:\/\/ URL/);
  expect(() => loadConfig({ REPO_CONFIG_TTL: 'soon' })).toThrow(ConfigError);
  expect(loadConfig({}).github).toMatchObject({ apiUrl: 'https://api.github.com', writeBack: true, repoConfigTtlMs: 600_000 });
  expect(() => loadConfig({ GITHUB_APP_ID: 'x', GITHUB_APP_PRIVATE_KEY: 'PRIVATE-KEY-VALUE' })).toThrow(/^(?![\s\S]*PRIVATE-KEY-VALUE)[\s\S]*GITHUB_APP_ID/);
});
