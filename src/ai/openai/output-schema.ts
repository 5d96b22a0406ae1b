import { z } from 'zod';
import { CATEGORIES, PRIORITIES } from '../../domain/triage';
import { type RepoLabel } from '../types';

// Structured Outputs accept up to a few hundred enum values per schema; beyond that the label names
// are left free in the schema and filtered afterwards.
const MAX_LABEL_ENUM = 250;

/** The `response_format` of a classification: strict, so every property is required and no other allowed. */
export function classificationResponseFormat(labelSet: RepoLabel[]) {
  const names = [...new Set(labelSet.map((l) => l.name))];
  const labelItems = names.length > 0 && names.length <= MAX_LABEL_ENUM ? { type: 'string', enum: names } : { type: 'string' };
  return {
    type: 'json_schema' as const,
    json_schema: {
      name: 'issue_triage',
      strict: true,
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['category', 'priority', 'labels', 'confidence', 'rationale', 'duplicateOf'],
        properties: {
          category: { type: 'string', enum: [...CATEGORIES] },
          priority: { type: 'string', enum: [...PRIORITIES] },
          labels: { type: 'array', items: labelItems },
          confidence: { type: 'number', description: 'From 0 to 1.' },
          rationale: { type: 'string', description: 'One short sentence.' },
          duplicateOf: { type: ['integer', 'null'], description: 'Number of a listed similar issue, or null.' },
        },
      },
    },
  };
}

// Servers that only approximate Structured Outputs (or ignore them) can still answer off-schema, so
// the answer is checked here too; a failure triggers one repair request.
const answerSchema = z
  .object({
    category: z.enum(CATEGORIES),
    priority: z.enum(PRIORITIES),
    labels: z.array(z.string()),
    confidence: z.number().min(0).max(1),
    rationale: z.string().min(1),
    duplicateOf: z.number().int().nullable(),
  })
  .strict();

export type ModelAnswer = z.infer<typeof answerSchema>;

export type ParsedAnswer = { ok: true; answer: ModelAnswer } | { ok: false; problem: string };

export function parseAnswer(content: string | null | undefined): ParsedAnswer {
  if (!content) return { ok: false, problem: 'the reply was empty' };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    return { ok: false, problem: `the reply is not valid JSON (${(err as Error).message})` };
  }
  const parsed = answerSchema.safeParse(json);
  if (parsed.success) return { ok: true, answer: parsed.data };
  return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}
