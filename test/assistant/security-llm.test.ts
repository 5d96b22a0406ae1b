import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';
import { startStack, type Stack } from '../support/stack';
import { newRepo, openedPayload } from '../github/support';

// With the OpenAI provider, a security report reaches the remote model (embeddings or chat) only when
// the repository says `security.llm: true`; otherwise the offline model classifies it in the worker.

let stack: Stack;
let openai: FakeOpenAI;
let github: FakeGithub;

const XSS = { title: 'Stored XSS in comment preview steals sessions', body: 'Posting `<img src=x onerror=alert(document.cookie)>` in a comment runs the script for every reader. PoC attached.' };
const sentToModel = (marker: string) => openai.requests.filter((r) => JSON.stringify(r.body).includes(marker));

beforeAll(async () => {
  openai = await startFakeOpenAI();
  github = await startFakeGithub();
  // People the test does not name are outsiders here (the assistant asks whether an author may write).
  github.state.defaultRole = 'read';
  stack = await startStack({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '64', GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url } });
});
afterAll(async () => {
  await stack?.stop();
  await github?.close();
  await openai?.close();
});

test('a security report stays in the worker unless security.llm is true', async () => {
  const kept = newRepo('kept', github);
  github.setFile(kept.repoFullName, '.github/triageflow.yml', 'security: {}\n');
  await stack.sendWebhook('issues', openedPayload(kept, 1, XSS.title, XSS.body));
  const issue = await stack.waitForIssue(kept.repoFullName, 1, (i) => i.triage !== null);
  expect(issue.triage).toMatchObject({ priority: 'p0', labels: expect.arrayContaining(['security']), model: expect.stringMatching(/^offline:/) });
  expect(sentToModel('onerror=alert')).toEqual([]);
  expect(issue.similar).toEqual([]);

  const allowed = newRepo('allowed', github);
  github.setFile(allowed.repoFullName, '.github/triageflow.yml', 'security: {llm: true}\n');
  await stack.sendWebhook('issues', openedPayload(allowed, 1, XSS.title, `${XSS.body} (allowed)`));
  const remote = await stack.waitForIssue(allowed.repoFullName, 1, (i) => i.triage !== null);
  expect(remote.triage).toMatchObject({ priority: 'p0', labels: expect.arrayContaining(['security']), model: expect.stringMatching(/^openai:/) });
  expect(sentToModel('(allowed)').map((r) => r.path).sort()).toEqual(['/v1/chat/completions', '/v1/embeddings']);
});

test('a report the rules only half recognise becomes one when the model labels it security', async () => {
  const repo = newRepo('model-says', github);
  github.setFile(repo.repoFullName, '.github/triageflow.yml', 'security: {llm: true}\n');
  openai.setChatAnswer({ category: 'bug', priority: 'p2', labels: ['security'], confidence: 0.9, rationale: 'Describes a weakness.', duplicateOf: null });
  await stack.sendWebhook('issues', openedPayload(repo, 1, 'The login form may be vulnerable', 'I think an attacker could guess the reset link.'));
  const issue = await stack.waitForIssue(repo.repoFullName, 1, (i) => i.triage !== null);
  expect(issue.triage).toMatchObject({ priority: 'p0', labels: ['security'] });
});
