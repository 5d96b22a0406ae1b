import { loadConfig } from '../../../src/config';
import { MODEL_ERROR_TYPES } from '../../../src/ai/errors';
import { createOpenAIClassifier, createOpenAIConnection } from '../../../src/ai/openai';
import type { ClassifyInput } from '../../../src/ai/types';
import { chatCompletion, DEFAULT_ANSWER, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../../support/fake-openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const ai = () => loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseUrl }).ai;
const classifier = () => createOpenAIClassifier({ connection: createOpenAIConnection(ai()), model: 'gpt-4o-mini', prices: ai().prices });
const CHAT = '/v1/chat/completions' as const;

const baseInput = (over: Partial<ClassifyInput> = {}): ClassifyInput => ({
  issue: { repo: 'acme/widgets', title: 'Export crashes on empty sheet', body: 'Steps: open an empty sheet, click Export. It crashes.', labels: ['needs-triage'], reactions: 7 },
  similar: [{ number: 12, title: 'Crash exporting blank sheet', similarity: 0.934, category: 'bug' }],
  examples: [],
  labelSet: [
    { name: 'bug', description: 'Something is not working' },
    { name: 'docs', description: 'Improvements or additions to documentation' },
    { name: 'ui' },
  ],
  ...over,
});

async function classifyAndCapture(input: ClassifyInput): Promise<{ result: Awaited<ReturnType<ReturnType<typeof classifier>['classify']>>; sent: RecordedRequest[] }> {
  const before = fake.requestsTo(CHAT).length;
  const result = await classifier().classify(input);
  return { result, sent: fake.requestsTo(CHAT).slice(before) };
}

const userPrompt = (r: RecordedRequest) => ((r.body.messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '');

test('asks the configured model at temperature 0 with a strict JSON schema built from the label set', async () => {
  const { sent, result } = await classifyAndCapture(baseInput());
  expect(sent).toHaveLength(1);
  const body = sent[0]!.body;
  expect(body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0 });
  const format = body.response_format as { type: string; json_schema: { strict: boolean; schema: Record<string, unknown> } };
  expect(format.type).toBe('json_schema');
  expect(format.json_schema.strict).toBe(true);
  expect(format.json_schema.schema).toMatchObject({
    additionalProperties: false,
    required: ['category', 'priority', 'labels', 'confidence', 'rationale', 'duplicateOf'],
    properties: {
      category: { enum: ['bug', 'feature', 'question', 'documentation', 'other'] },
      priority: { enum: ['p0', 'p1', 'p2', 'p3'] },
      labels: { type: 'array', items: { type: 'string', enum: ['bug', 'docs', 'ui'] } },
      duplicateOf: { type: ['integer', 'null'] },
    },
  });
  expect(result).toMatchObject({ ...DEFAULT_ANSWER, model: 'openai:gpt-4o-mini@v1' });
});

test('the prompt carries the label set with descriptions, the similar issues and the issue itself', async () => {
  const { sent } = await classifyAndCapture(baseInput());
  const prompt = userPrompt(sent[0]!);
  expect(prompt).toContain('- bug: Something is not working');
  expect(prompt).toContain('- docs: Improvements or additions to documentation');
  expect(prompt).toContain('- ui\n');
  expect(prompt).toContain('#12 (similarity 0.93, bug): Crash exporting blank sheet');
  expect(prompt).toContain('Title: Export crashes on empty sheet');
  expect(prompt).toContain('Reactions: 5-19');
  expect(prompt).toContain('Maintainer-classified examples: none yet.');
});

test('a human correction supplied as an example appears in the very next prompt', async () => {
  const corrected = { title: 'Typo in the export guide', body: 'The guide says "exprot".', category: 'documentation' as const, priority: 'p3' as const, labels: ['docs'] };
  const { sent } = await classifyAndCapture(baseInput({ examples: [corrected] }));
  const prompt = userPrompt(sent[0]!);
  expect(prompt).toContain('Example 1: Typo in the export guide');
  expect(prompt).toContain('Maintainers classified it as: category=documentation, priority=p3, labels=docs');
});

test('long bodies keep their start and end, template comments are dropped', async () => {
  const body = `<!-- Please describe the bug -->START ${'x'.repeat(20_000)} END-OF-TRACE`;
  const { sent } = await classifyAndCapture(baseInput({ issue: { repo: 'acme/widgets', title: 'Long', body } }));
  const prompt = userPrompt(sent[0]!);
  expect(prompt).toContain('START');
  expect(prompt).toContain('END-OF-TRACE');
  expect(prompt).not.toContain('Please describe the bug');
  expect(prompt).toMatch(/\[… the middle of the text is left out …\]/);
  expect(prompt.length).toBeLessThan(9_000);
});

test('labels outside the repository label set and unlisted duplicates are dropped', async () => {
  fake.enqueue(CHAT, { body: chatCompletion({ ...DEFAULT_ANSWER, labels: ['BUG', 'made-up', 'ui', 'bug'], duplicateOf: 999 }) });
  const { result } = await classifyAndCapture(baseInput());
  expect(result.labels).toEqual(['bug', 'ui']);
  expect(result.duplicateOf).toBeNull();

  fake.enqueue(CHAT, { body: chatCompletion({ ...DEFAULT_ANSWER, duplicateOf: 12 }) });
  const { result: dup } = await classifyAndCapture(baseInput());
  expect(dup.duplicateOf).toBe(12);
});

test('tokens in and out come from the response and cost from the configured prices', async () => {
  fake.enqueue(CHAT, { body: chatCompletion(DEFAULT_ANSWER, { prompt_tokens: 1200, completion_tokens: 80 }) });
  const { result } = await classifyAndCapture(baseInput());
  // Defaults: $0.15 in and $0.60 out per million tokens.
  expect(result.usage).toEqual({ inputTokens: 1200, outputTokens: 80, costUsd: expect.closeTo((1200 * 0.15 + 80 * 0.6) / 1e6, 12) });
});

test('an answer off the schema gets one repair request, and both calls are accounted', async () => {
  fake.enqueue(
    CHAT,
    { body: chatCompletion({ ...DEFAULT_ANSWER, confidence: 85 }, { prompt_tokens: 900, completion_tokens: 40 }) },
    { body: chatCompletion({ ...DEFAULT_ANSWER, confidence: 0.85 }, { prompt_tokens: 1000, completion_tokens: 40 }) },
  );
  const { result, sent } = await classifyAndCapture(baseInput());
  expect(sent).toHaveLength(2);
  const repair = sent[1]!.body.messages as { role: string; content: string }[];
  expect(repair.at(-2)).toMatchObject({ role: 'assistant', content: expect.stringContaining('"confidence":85') });
  expect(repair.at(-1)?.content).toMatch(/That reply is invalid: confidence: .*Reply again/);
  expect(result.confidence).toBe(0.85);
  expect(result.usage.inputTokens).toBe(1900);
  expect(result.usage.outputTokens).toBe(80);
});

test('an answer still off the schema after the repair is a non-retryable ModelOutputInvalid', async () => {
  fake.enqueue(CHAT, { body: chatCompletion('not json at all') }, { body: chatCompletion({ category: 'bug' }) });
  const before = fake.requestsTo(CHAT).length;
  await expect(classifier().classify(baseInput())).rejects.toMatchObject({
    type: MODEL_ERROR_TYPES.invalidOutput,
    retryable: false,
    message: expect.stringMatching(/did not match the classification schema after one repair attempt .*priority/),
  });
  expect(fake.requestsTo(CHAT).length - before).toBe(2);
});
