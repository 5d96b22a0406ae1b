import { createHash } from 'node:crypto';
import type OpenAI from 'openai';
import { MODEL_ERROR_TYPES, ModelError } from '../errors';
import type { Classification, Usage } from '../../domain/triage';
import type { ClassifyInput, Classifier } from '../types';
import type { OpenAIConnection } from './client';
import { callProvider } from './map-error';
import { classificationResponseFormat, parseAnswer, type ModelAnswer } from './output-schema';
import { buildMessages } from './prompt';
import { addUsage, chatUsage, NO_USAGE, type Prices } from './usage';

// Part of the classifier id, so cached answers of an older prompt are not served after it changes.
const PROMPT_VERSION = 'v1';
const CACHE_KEY_VERSION = 2;

export interface OpenAIClassifierOptions {
  connection: OpenAIConnection;
  model: string;
  prices: Prices;
  /** 0 keeps answers as repeatable as the model allows; the cache then hides the rest of the variance. */
  temperature?: number;
}

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export function createOpenAIClassifier(opts: OpenAIClassifierOptions): Classifier {
  const { connection, model, prices } = opts;
  const id = `openai:${model}@${PROMPT_VERSION}`;
  const ctx = { what: 'classification request', model, baseUrl: connection.baseUrl, timeoutMs: connection.timeoutMs };

  async function ask(messages: Message[], input: ClassifyInput): Promise<{ content: string | null; refusal: string | null; usage: Usage }> {
    const res = await callProvider(ctx, () =>
      connection.client.chat.completions.create({
        model,
        messages,
        temperature: opts.temperature ?? 0,
        response_format: classificationResponseFormat(input.labelSet),
      }),
    );
    const message = res.choices[0]?.message;
    const usage = chatUsage(res.usage?.prompt_tokens ?? 0, res.usage?.completion_tokens ?? 0, prices);
    return { content: message?.content ?? null, refusal: message?.refusal ?? null, usage };
  }

  return {
    id,
    // The cache key is the request itself: what the model is sent is exactly what its answer depends on.
    // Hashing the whole body instead let an edit of the part the prompt leaves out (between its
    // first 6,000 and last 1,500 characters) buy a new paid call for the same prompt.
    cacheKey: (input) => createHash('sha256').update(JSON.stringify([CACHE_KEY_VERSION, buildMessages(input), classificationResponseFormat(input.labelSet)])).digest('hex'),
    async classify(input): Promise<Omit<Classification, 'cached'>> {
      const messages: Message[] = buildMessages(input);
      let usage = NO_USAGE;
      let problem = '';
      // One repair attempt: the model sees its own answer and what was wrong with it.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const reply = await ask(messages, input);
        usage = addUsage(usage, reply.usage);
        const parsed = reply.refusal ? { ok: false as const, problem: `the model refused: ${reply.refusal}` } : parseAnswer(reply.content);
        if (parsed.ok) return { ...finish(parsed.answer, input), model: id, usage };
        problem = parsed.problem;
        messages.push(
          { role: 'assistant', content: reply.content ?? '' },
          { role: 'user', content: `That reply is invalid: ${problem}. Reply again with only the JSON object that matches the schema.` },
        );
      }
      throw new ModelError(
        MODEL_ERROR_TYPES.invalidOutput,
        `The answer of ${model} did not match the classification schema after one repair attempt (${problem}). ` +
          'Use a model that supports structured output (json_schema), such as gpt-4o-mini, via OPENAI_CLASSIFY_MODEL.',
      );
    },
  };
}

/** Keeps only what the repository allows: its labels (matched case-insensitively) and listed duplicates. */
function finish(answer: ModelAnswer, input: ClassifyInput): Omit<Classification, 'cached' | 'model' | 'usage'> {
  const known = new Map(input.labelSet.map((l) => [l.name.toLowerCase(), l.name]));
  const labels = known.size
    ? answer.labels.map((l) => known.get(l.trim().toLowerCase())).filter((l): l is string => l !== undefined)
    : answer.labels.map((l) => l.trim()).filter(Boolean).slice(0, 3);
  const duplicateOf = answer.duplicateOf !== null && input.similar.some((s) => s.number === answer.duplicateOf) ? answer.duplicateOf : null;
  return {
    category: answer.category,
    priority: answer.priority,
    labels: [...new Set(labels)],
    confidence: answer.confidence,
    rationale: answer.rationale.replace(/\s+/g, ' ').trim().slice(0, 300),
    duplicateOf,
  };
}
