import { createHash } from 'node:crypto';
import { classifyInputHash, embeddingTextHash, issueEmbeddingText, issueTextHash, normaliseText, reactionBand } from '../../../src/ai/content-hash';
import type { ClassifyInput } from '../../../src/ai/types';

const input = (over: Partial<ClassifyInput> = {}, issue: Partial<ClassifyInput['issue']> = {}): ClassifyInput => ({
  issue: { repo: 'acme/app', number: 5, title: 'Login fails', body: 'Steps:\n1. open\n2. log in', labels: ['a', 'b'], reactions: 2, ...issue },
  similar: [{ number: 3, title: 'Cannot log in', similarity: 0.912, category: 'bug' }],
  examples: [{ title: 'Old login bug', body: 'x', category: 'bug', priority: 'p1', labels: ['auth'] }],
  labelSet: [{ name: 'bug', description: 'Broken' }, { name: 'auth' }],
  ...over,
});

test('normalising removes only differences a model cannot see', () => {
  expect(normaliseText('  a  \r\nb\r\n\r\n\r\n\r\nc\t ')).toBe('a\nb\n\nc');
  expect(normaliseText('e\u0301')).toBe('\u00e9');
});

test('an unchanged issue delivered again hashes the same, whatever the whitespace, label order or number', () => {
  const again = input(
    { labelSet: [{ name: 'auth' }, { name: 'bug', description: 'Broken' }], similar: [{ number: 3, title: 'Cannot log in', similarity: 0.9149, category: 'bug' }] },
    { number: 77, body: 'Steps:\r\n1. open  \r\n2. log in\r\n', labels: ['b', 'a'], reactions: 4 },
  );
  expect(classifyInputHash(again)).toBe(classifyInputHash(input()));
});

test.each<[string, ClassifyInput]>([
  ['the body', input({}, { body: 'Steps: something else' })],
  ['the labels on the issue', input({}, { labels: ['a'] })],
  ['the reaction band', input({}, { reactions: 5 })],
  ['a label description', input({ labelSet: [{ name: 'bug', description: 'Defect' }, { name: 'auth' }] })],
  ['a new correction', input({ examples: [...input().examples, { title: 'New', body: '', category: 'question' }] })],
  ['a corrected category', input({ examples: [{ title: 'Old login bug', body: 'x', category: 'feature', priority: 'p1', labels: ['auth'] }] })],
  ['the similar issues', input({ similar: [] })],
  ['the repository', input({}, { repo: 'acme/other' })],
])('changing %s changes the classification hash', (_what, changed) => {
  expect(classifyInputHash(changed)).not.toBe(classifyInputHash(input()));
});

test('reactions are banded so a single new reaction rarely misses the cache', () => {
  expect([0, 1, 4, 5, 19, 20, 99, 100, 5000].map(reactionBand)).toEqual(['0', '1-4', '1-4', '5-19', '5-19', '20-99', '20-99', '100+', '100+']);
});

test('the issue hash matches the recipe of issues.content_hash; the embedded text is title and body', () => {
  expect(issueTextHash({ title: 'T', body: 'B\r\nC\n' })).toBe(createHash('sha256').update('T\n\u0000\nB\nC').digest('hex'));
  expect(issueTextHash({ title: 'T', body: 'B' })).not.toBe(issueTextHash({ title: 'T', body: 'C' }));
  expect(issueEmbeddingText({ title: 'Crash', body: 'It crashes' })).toBe('Crash\n\nIt crashes');
  expect(embeddingTextHash('a  \nb')).toBe(embeddingTextHash('a\nb'));
  expect(embeddingTextHash('a b')).not.toBe(embeddingTextHash('a c'));
});
