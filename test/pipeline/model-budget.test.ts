import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { issuePayload, SUITE_REPO_ID, startStack, type Stack } from '../support/stack';

// LLM_DAILY_BUDGET_USD per repository and LLM_MAX_CALLS_PER_AUTHOR_PER_DAY on the real pipeline, with a
// local server speaking OpenAI's protocol: past a cap the offline model triages, the rationale (shown on
// the dashboard) says which cap and why, and triage goes on. Each fake call costs 1,000 input and 50
// output tokens: 0.00018 USD at the default prices.

let stack: Stack;
let openai: FakeOpenAI;
const repoA = `suite-${SUITE_REPO_ID}/app`;
const repoB = `suite-${SUITE_REPO_ID + 1}/lib`;

beforeAll(async () => {
  openai = await startFakeOpenAI();
  stack = await startStack({
    env: {
      OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_EMBEDDING_DIMENSIONS: '64',
      LLM_DAILY_BUDGET_USD: '0.0003', LLM_MAX_CALLS_PER_AUTHOR_PER_DAY: '1',
    },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await openai?.close();
});

const send = async (repo: 'A' | 'B', number: number, author: string) => {
  const payload = issuePayload({ number, author, title: `Crash number ${number} in the exporter`, body: `Exporting sheet ${number} by ${author} throws.` }) as { repository: Record<string, unknown> };
  if (repo === 'B') Object.assign(payload.repository, { id: SUITE_REPO_ID + 1, full_name: repoB, name: 'lib' });
  expect((await stack.sendWebhook('issues', payload)).status).toBe(202);
  return stack.waitForIssue(repo === 'A' ? repoA : repoB, number, (i) => i.status === 'triaged', 60_000);
};
const chats = () => openai.requestsTo('/v1/chat/completions').length;

test('past the repository\'s daily budget and past an author\'s calls the offline model triages, and says why', async () => {
  const paid = /^openai:/;
  expect((await send('A', 1, 'alice')).triage?.model).toMatch(paid);
  expect((await send('A', 2, 'bob')).triage?.model).toMatch(paid);
  expect(chats()).toBe(2);

  // 0.00036 USD spent in repository A today: its budget of 0.0003 is used up.
  const overRepo = await send('A', 3, 'carol');
  expect(overRepo.triage?.model).toMatch(/^offline:/);
  expect(overRepo.triage?.rationale).toMatch(/^Model budget reached \(suite-\d+\/app has spent 0\.0004 USD on the model today, its LLM_DAILY_BUDGET_USD of 0\.0003 USD\)/);
  expect(overRepo.classifications[0]).toMatchObject({ cached: false, usage: { inputTokens: 0, costUsd: 0 } });

  // Repository B has its whole budget, but alice's issues had their one call today.
  const overAuthor = await send('B', 1, 'alice');
  expect(overAuthor.triage?.model).toMatch(/^offline:/);
  expect(overAuthor.triage?.rationale).toMatch(/issues by alice have had 1 model calls today, LLM_MAX_CALLS_PER_AUTHOR_PER_DAY is 1/);
  expect((await send('B', 2, 'dave')).triage?.model).toMatch(paid);
  expect(chats()).toBe(3);
}, 180_000);
