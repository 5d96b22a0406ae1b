import { startFakeOpenAI, apiError, type FakeOpenAI } from '../support/fake-openai';
import { issuePayload, SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// The pipeline with the OpenAI provider, pointed at a local server speaking the OpenAI protocol: the
// cost lands on the issue, a redelivered text is served from the cache, and a refused key marks the
// issue failed with the reason instead of failing its workflow.

let stack: Stack;
let openai: FakeOpenAI;
const repo = `suite-${SUITE_REPO_ID}/app`;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  stack = await startStack({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '64' } });
});
afterAll(async () => {
  await stack?.stop();
  await openai?.close();
});

test('an issue classified by OpenAI shows its tokens and cost', async () => {
  openai.setChatAnswer({ category: 'feature', priority: 'p2', labels: ['enhancement'], confidence: 0.86, rationale: 'Asks for a new export format.', duplicateOf: null });
  const payload = issuePayload({ number: 1, title: 'Export to CSV', body: 'Please add CSV export.', labels: [{ name: 'enhancement', description: 'New feature or request' }] });
  expect((await stack.sendWebhook('issues', payload)).status).toBe(202);
  const issue = await stack.waitForIssue(repo, 1, (i) => i.status === 'triaged');
  expect(issue.triage).toMatchObject({ category: 'feature', labels: ['enhancement'], confidence: 0.86, model: expect.stringMatching(/^openai:gpt-4o-mini/) });
  expect(issue.usage.inputTokens).toBeGreaterThan(0);
  expect(issue.usage.costUsd).toBeGreaterThan(0);
  const chat = openai.requestsTo('/v1/chat/completions');
  expect(chat).toHaveLength(1);
  expect(JSON.stringify(chat[0]!.body.messages)).toContain('New feature or request');
});

test('an unchanged text, a redelivery after completion and an exact copy never pay twice', async () => {
  const chats = () => openai.requestsTo('/v1/chat/completions').length;
  const opened = issuePayload({ number: 2, title: 'Dark mode', body: 'Please add a dark theme.' });
  const deliveryId = 'delivery-opened-2';
  expect((await stack.sendWebhook('issues', opened, { deliveryId })).status).toBe(202);
  await stack.waitForIssue(repo, 2, (i) => i.status === 'triaged');
  const afterFirst = chats();

  // A label change re-sends the issue with the same text: no model call.
  const labeled = issuePayload({ number: 2, action: 'labeled', title: 'Dark mode', body: 'Please add a dark theme.', labels: ['ui'] });
  expect((await stack.sendWebhook('issues', labeled)).status).toBe(202);
  await stack.waitForIssue(repo, 2, (i) => i.githubLabels.includes('ui'));
  // Closing completes the workflow; GitHub redelivering the old `opened` starts it again, and it is recognised.
  expect((await stack.sendWebhook('issues', issuePayload({ number: 2, action: 'closed', state: 'closed', title: 'Dark mode', body: 'Please add a dark theme.' }))).status).toBe(202);
  await stack.waitForIssue(repo, 2, (i) => i.status === 'closed');
  expect((await stack.sendWebhook('issues', opened, { deliveryId })).status).toBe(202);
  await new Promise((r) => setTimeout(r, 1500));
  const issue = await stack.waitForIssue(repo, 2, (i) => i.status === 'closed');
  expect(issue.classifications).toHaveLength(1);
  expect(chats()).toBe(afterFirst);
});

test('a rejected API key marks the issue failed with the reason, and the workflow keeps running', async () => {
  openai.enqueue('/v1/chat/completions', apiError(401, 'Incorrect API key provided'));
  expect((await stack.sendWebhook('issues', issuePayload({ number: 3, title: 'Crash on start', body: 'Segfault at launch.' }))).status).toBe(202);
  const failed = await stack.waitForIssue(repo, 3, (i) => i.status === 'failed');
  expect(failed.invalidReason).toMatch(/OPENAI_API_KEY/);
  // An edit after the key is fixed triages it in the same workflow.
  expect((await stack.sendWebhook('issues', issuePayload({ number: 3, action: 'edited', title: 'Crash on start', body: 'Segfault at launch, every time.' }))).status).toBe(202);
  const fixed = await stack.waitForIssue(repo, 3, (i) => i.status === 'triaged');
  expect(fixed.invalidReason).toBeNull();
});
