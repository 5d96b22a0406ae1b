// Word tokens for both the embedder and the classifier. A hand-written scanner rather than a regex split:
// it runs on every issue and every candidate text, and allocation is most of its cost. Stored vectors
// depend on it: a change here needs a new embedder version (see embedder.ts).

const MAX_TOKEN = 24;

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Lower-case word tokens of two or more characters. Apostrophes inside words are dropped ("doesn't" →
 * "doesnt"); tokens with many digits (hashes, versions, addresses) say nothing about the kind of issue.
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  let digits = 0;
  let apostrophe = false;
  const flush = (end: number) => {
    if (start >= 0) {
      const len = end - start;
      if (len >= 2 && len <= MAX_TOKEN && digits <= 2 && digits < len) {
        const token = lower.slice(start, end);
        out.push(apostrophe ? token.replace(/'/g, '') : token);
      }
    }
    start = -1;
    digits = 0;
    apostrophe = false;
  };
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (isAlnum(c)) {
      if (start < 0) start = i;
      if (c <= 57) digits++;
    } else if (c === 39 && start >= 0 && i + 1 < lower.length && isAlnum(lower.charCodeAt(i + 1))) {
      apostrophe = true;
    } else {
      flush(i);
    }
  }
  flush(lower.length);
  return out;
}
