import { matchOwner, pickBalanced } from '../../src/assistant/owners/match';
import { mentionedPaths, pathMatches } from '../../src/assistant/owners/paths';
import type { OwnerRule } from '../../src/github/assistant-config';

const rule = (over: Partial<OwnerRule>): OwnerRule => ({ labels: [], keywords: [], paths: [], assign: [], team: null, balance: false, ...over });

test('paths mentioned in prose, code, stack traces and links to files', () => {
  const text = [
    'Crash in src/parser/lexer.ts:88 when the input ends with `\\`.', 'See https://github.com/octo/app/blob/main/packages/core/src/index.ts#L10',
    '    at tokenize (/home/ci/work/app/src/parser/tokens.js:12:5)', 'Happens with C:\\work\\app\\lib\\io\\reader.cc too, and/or on 2024/01/02.',
  ].join('\n');
  expect(mentionedPaths(text)).toEqual(expect.arrayContaining(['src/parser/lexer.ts', 'packages/core/src/index.ts', 'home/ci/work/app/src/parser/tokens.js', 'work/app/lib/io/reader.cc']));
  expect(mentionedPaths(text)).not.toContain('and/or');
  expect(mentionedPaths(text).some((p) => p.startsWith('2024'))).toBe(false);
});

test('a rule path covers a folder, globs, and mentions that are longer at the front', () => {
  expect(pathMatches('src/parser/', 'src/parser/lexer.ts')).toBe(true);
  expect(pathMatches('src/parser', 'home/ci/app/src/parser/deep/x.ts')).toBe(true);
  expect(pathMatches('src/parser/', 'src/parsers/x.ts')).toBe(false);
  expect(pathMatches('docs/**/*.md', 'docs/guide/intro/start.md')).toBe(true);
  expect(pathMatches('*.css', 'web/styles.css')).toBe(true);
  expect(pathMatches('src/parser/lexer.ts', 'src/parser/lexer.tsx')).toBe(false);
});

test('the first matching rule wins, by label, keyword or path', () => {
  const rules = [rule({ labels: ['area/docs'], team: 'docs' }), rule({ keywords: ['tokenizer'], assign: ['tia'] }), rule({ paths: ['src/parser/'], assign: ['ana', 'ben'], team: 'parsing', balance: true })];
  expect(matchOwner(rules, { title: 'Crash', body: 'In src/parser/lexer.ts', labels: [] })).toEqual({ rule: 2, team: 'parsing', logins: ['ana', 'ben'], balance: true, matchedBy: 'path src/parser/lexer.ts' });
  expect(matchOwner(rules, { title: 'Tokenizer drops quotes', body: 'In src/parser/lexer.ts', labels: [] })?.matchedBy).toBe('keyword "tokenizer"');
  expect(matchOwner(rules, { title: 'x', body: 'src/parser/a.ts', labels: ['Area/Docs'] })?.team).toBe('docs');
  expect(matchOwner(rules, { title: 'Tokenizers are great', body: 'no owner here', labels: [] })).toBeNull();
});

test('balancing picks the login with the fewest open assigned issues', () => {
  expect(pickBalanced(['ana', 'ben', 'cy'], new Map([['ana', 4], ['ben', 1], ['cy', 1]]))).toEqual(['ben']);
  expect(pickBalanced(['ana'], new Map())).toEqual(['ana']);
});
