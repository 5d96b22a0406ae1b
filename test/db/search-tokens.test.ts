import { searchTerms } from '../../src/search/search-text';
import { searchTokens } from '../../src/search/search-tokens';

test('identifiers stay whole, however long; snake_case also gives its parts', () => {
  expect(searchTokens('java.util.ConcurrentModificationException at org.apache.FooBar$Inner.run')).toEqual(
    ['java', 'util', 'concurrentmodificationexception', 'at', 'org', 'apache', 'foobar', 'inner', 'run']);
  expect(searchTokens('HADOOP_CONF_DIR is unset')).toEqual(['hadoop_conf_dir', 'hadoop', 'conf', 'dir', 'is', 'unset']);
  // x86_64 is mostly digits, so it goes whole; its part x86 stays.
  expect(searchTokens('log4j2 sha256 x86_64 s3a')).toEqual(['log4j2', 'sha256', 'x86', 's3a']);
});

test('numbers and machine-made ids are left out', () => {
  expect(searchTokens('port 8020 line 1234 blk_1073741825_1001 at 2021-03-04 12:34:56 hash fbe6dc51e3e5a0de9bf6')).toEqual(
    ['port', 'line', 'blk', 'at', 'hash']);
  expect(searchTokens('a b 7')).toEqual([]);
});

test('the title counts twice; links and headings stay, HTML comments (template instructions) go', () => {
  const terms = searchTerms('Crash on youtube', '<!-- Describe the bug here -->\n### Steps\nOpen https://www.youtube.com/watch and crash');
  const count = (w: string) => terms.counts[terms.lexemes.indexOf(w)];
  expect(count('crash')).toBe(3);
  expect(count('youtube')).toBe(3);
  expect(count('watch')).toBe(1);
  expect(count('steps')).toBe(1);
  expect(terms.lexemes).not.toContain('describe');
  expect(terms.lexemes).toEqual([...terms.lexemes].sort());
});
