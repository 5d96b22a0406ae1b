import { createLru } from '../../../src/ai/cache';

test('evicts the least recently used entry once full; reading refreshes an entry', () => {
  const lru = createLru<number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  expect(lru.get('a')).toBe(1); // now b is the oldest
  lru.set('c', 3);
  expect(lru.get('b')).toBeUndefined();
  expect(lru.get('a')).toBe(1);
  expect(lru.get('c')).toBe(3);
  expect(lru.size).toBe(2);
});

test('re-setting a key replaces it without growing', () => {
  const lru = createLru<string>(2);
  lru.set('a', 'x');
  lru.set('a', 'y');
  expect(lru.size).toBe(1);
  expect(lru.get('a')).toBe('y');
});

test('refuses a capacity that is not a positive whole number', () => {
  expect(() => createLru(0)).toThrow(/positive whole number/);
});
