import { createHash } from 'node:crypto';
import { bodyForModel } from './model-text';
import type { ClassifyInput, IssueText } from './types';

// What an issue "is" for the models, and the hashes the cache keys on. A hash covers everything a
// model's answer depends on and nothing else: an unchanged issue delivered again must hash the same,
// while a new correction, label or similar issue must not. Bump HASH_VERSION when the recipe changes.
const HASH_VERSION = 1;

/** Unicode NFC, LF line ends, no trailing spaces, at most one blank line in a row, trimmed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Reactions move all the time; the models see a band, so a new thumbs-up does not invalidate
 * a cached answer unless it moves the issue into another band.
 */
export function reactionBand(reactions: number | undefined): string {
  const n = reactions ?? 0;
  if (n <= 0) return '0';
  if (n < 5) return '1-4';
  if (n < 20) return '5-19';
  if (n < 100) return '20-99';
  return '100+';
}

const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const sortedUnique = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map((x) => x.trim()))].sort();

/**
 * The text embedded for an issue. The embed activity and `reembed` must agree on it, or rebuilt vectors
 * would not match the ones the pipeline writes; it is kept raw (no normalising) for the same reason.
 */
export function issueEmbeddingText(issue: Pick<IssueText, 'title' | 'body'>): string {
  return `${issue.title}\n\n${bodyForModel(issue.body)}`;
}

/**
 * What the issue says (title and body): equal for an unchanged issue, different after an edit. The
 * recipe is the one `issues.content_hash` is written with, so vectors stored with it are recognised.
 */
export function issueTextHash(issue: Pick<IssueText, 'title' | 'body'>): string {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trim();
  return createHash('sha256').update(`${norm(issue.title)}\n\u0000\n${norm(issue.body)}`).digest('hex');
}

/** Cache key part for one embedding: the normalised text (whitespace-only differences embed alike). */
export function embeddingTextHash(text: string): string {
  return sha256([HASH_VERSION, 'embed', normaliseText(text)]);
}

/**
 * Cache key part for a classification: the issue text, its labels and reaction band, the repository's
 * label set (sorted: its order carries no meaning), the similar issues as the prompt shows them
 * (in order, similarity to two decimals) and the corrected examples in full. The issue number is left
 * out: it does not change the answer, and the similar list already differs between two issues.
 */
export function classifyInputHash(input: ClassifyInput): string {
  const { issue } = input;
  return sha256({
    v: HASH_VERSION,
    repo: issue.repo.toLowerCase(),
    title: normaliseText(issue.title),
    body: normaliseText(issue.body),
    labels: sortedUnique(issue.labels),
    reactions: reactionBand(issue.reactions),
    labelSet: [...input.labelSet]
      .map((l) => [l.name.trim(), normaliseText(l.description ?? '')])
      .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)),
    similar: input.similar.map((s) => [s.number, s.similarity.toFixed(2), s.category ?? null, normaliseText(s.title)]),
    examples: input.examples.map((e) => [normaliseText(e.title), normaliseText(e.body), e.category, e.priority ?? null, sortedUnique(e.labels)]),
  });
}
