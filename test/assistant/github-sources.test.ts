import pino from 'pino';
import { createGithubClients } from '../../src/github/client';
import { createAssistantStore, type AssistantStore } from '../../src/assistant/store';
import { createTemplateSource } from '../../src/assistant/missing-info/template-source';
import { createPermissionSource } from '../../src/assistant/permission-source';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startTestDatabase, type TestDatabase } from '../support/database';

// The assistant's reads of GitHub against the fake GitHub: issue templates through the contents API and
// collaborators' permission, both cached in the database.

let github: FakeGithub;
let db: TestDatabase;
let store: AssistantStore;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  github = await startFakeGithub();
  // People the test does not name are outsiders here (the assistant asks whether an author may write).
  github.state.defaultRole = 'read';
  db = await startTestDatabase();
  store = createAssistantStore(db.pool);
});
afterAll(async () => {
  await db.stop();
  await github.close();
});

const clients = () => createGithubClients({
  token: 't', appId: undefined, appPrivateKey: undefined, apiUrl: github.url, botLogin: 'triageflow-bot', writeBack: true, repoConfigTtlMs: 60_000,
  sweep: { intervalMs: 0, repos: [], lookbackMs: 3 * 86_400_000, hookIds: { byRepo: {} } },
}, log);
const reads = (path: RegExp) => github.requestsTo('GET', path).length;

test('issue templates are read from .github/ISSUE_TEMPLATE once, until a push marks them stale', async () => {
  const repo = 'octo/templates';
  github.setFile(repo, '.github/ISSUE_TEMPLATE/bug.yml', 'name: Bug\nbody:\n  - type: textarea\n    id: repro\n    attributes: {label: Reproduction}\n');
  github.setFile(repo, '.github/ISSUE_TEMPLATE/config.yml', 'blank_issues_enabled: false\n');
  github.setFile(repo, '.github/ISSUE_TEMPLATE/feature.md', '---\nname: Feature\n---\n## Motivation\nWhy?\n');
  const source = createTemplateSource({ github: clients(), store, ttlMs: 60_000, log });
  const templates = await source.load(repo);
  expect(templates.map((t) => [t.file, t.sections])).toEqual([
    ['bug.yml', [{ heading: 'Reproduction', item: 'steps' }]],
    ['feature.md', [{ heading: 'Motivation', item: null }]],
  ]);
  const listing = /\/contents\/\.github%2FISSUE_TEMPLATE$|\/contents\/\.github\/ISSUE_TEMPLATE$/;
  expect(reads(listing)).toBe(1);
  await source.load(repo);
  expect(reads(listing)).toBe(1);
  await store.markTemplatesStale(repo);
  await source.load(repo);
  expect(reads(listing)).toBe(2);
  expect(await source.load('octo/no-templates')).toEqual([]);
});

test('write permission is looked up once per TTL; an unknown user cannot write', async () => {
  const repo = 'octo/perms';
  github.setPermission(repo, 'maya', 'maintain');
  const source = createPermissionSource({ github: clients(), store, ttlMs: 60_000 });
  expect(await source.canWrite(repo, 'maya')).toBe(true);
  expect(await source.canWrite(repo, 'Maya')).toBe(true);
  expect(await source.canWrite(repo, 'visitor')).toBe(false);
  expect(reads(/\/collaborators\/maya\/permission$/i)).toBe(1);
  github.fail('GET', /\/collaborators\/ghost\/permission$/, { status: 404, message: 'Not Found' });
  expect(await source.permission(repo, 'ghost')).toBe('none');
});
