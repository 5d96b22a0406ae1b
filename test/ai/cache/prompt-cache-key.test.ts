import { cacheClassifier, createResultCache } from '../../../src/ai/cache';
import { createOpenAIClassifier, createOpenAIConnection } from '../../../src/ai/openai';
import type { ClassifyInput } from '../../../src/ai/types';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { useDatabaseAndFakeOpenAI } from '../../support/openai-bench';

// The cache key hashes exactly the text the prompt contains: the prompt keeps an issue body's first 6,000
// and last 1,500 characters, so an edit between them is the same prompt and must not buy a new call.

const t = useDatabaseAndFakeOpenAI();
const chatCalls = () => t.fake.requestsTo('/v1/chat/completions').length;

const classifier = () => {
  const ai = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: t.fake.baseUrl }).ai;
  return cacheClassifier(createOpenAIClassifier({ connection: createOpenAIConnection(ai), model: 'gpt-4o-mini', prices: ai.prices }), createResultCache({ pool: t.pool, size: 50, log: silentLogger }));
};
const input = (body: string): ClassifyInput => ({ issue: { repo: 'acme/long', number: 1, title: 'A very long report', body }, similar: [], examples: [], labelSet: [] });
const body = (middle: string) => `${'head of the report. '.repeat(400)}${middle}${' tail with the stack trace.'.repeat(80)}`;

test('an edit in the middle the prompt leaves out is a cache hit; an edit the prompt shows is a call', async () => {
  const c = classifier();
  const before = chatCalls();
  await c.classify(input(body('x'.repeat(3_000))));
  const unseen = await c.classify(input(body('y'.repeat(2_000))));
  expect(unseen.cached).toBe(true);
  expect(chatCalls() - before).toBe(1);

  const seen = await c.classify(input(`Changed opening. ${body('x'.repeat(3_000))}`));
  expect(seen.cached).toBe(false);
  expect(chatCalls() - before).toBe(2);
  // Whitespace the prompt normalises away (Windows line ends, trailing spaces) is the same prompt too.
  const lines = 'Steps:\n1. open\n2. save\n\nExpected: no crash';
  await c.classify(input(lines));
  expect((await c.classify(input(lines.replace(/\n/g, '  \r\n')))).cached).toBe(true);
  expect(chatCalls() - before).toBe(3);
});
