// The words the similar-issue search counts (search-text.ts). Not the classifier's tokenizer
// (ai/offline/tokenize.ts), which drops what says little about the *kind* of an issue: a duplicate is
// found by what names *this* problem, and in bug reports of code that is often an identifier.
//
// - A run of letters, digits and `_` is one token, as plain TF-IDF counts it: `FSNamesystem`,
//   `ConcurrentModificationException` (31 characters; the classifier's cap of 24 dropped it),
//   `log4j2`, `sha256`, `s3a`. Dots, `$`, `/` and `-` separate, so `org.apache.foo.BarImpl` gives its
//   package words and `barimpl`, and a URL its host and path words.
// - A snake_case identifier also gives its parts (`hadoop_conf_dir`: `hadoop`, `conf`, `dir`), so it
//   meets the prose that spells it out; the whole keeps it apart from them.
// - Numbers and machine-made ids are left out: a bare number (a port, a line, a size) and a token that is
//   mostly digits (`blk_1073741825_1001`, a hex hash, a timestamp) collide by chance between unrelated
//   logs and weigh as rare words. On the generated Jira corpus keeping them cost recall@5 0.515 -> 0.419;
//   on SeaMonkey it changed nothing and on the GitHub corpus it gained one query (README, Duplicates).

const MIN_LENGTH = 2;
/** Longer runs are data (base64, minified code), not names. */
const MAX_LENGTH = 64;

const RUN = /[a-z0-9_]+/g;
/** A hash or address: hex digits only, long enough not to be a word. */
const HEX = /^[0-9a-f]{8,}$/;

export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.toLowerCase().matchAll(RUN)) {
    keep(run, out);
    if (run.includes('_')) for (const part of run.split('_')) keep(part, out);
  }
  return out;
}

function keep(token: string, out: string[]): void {
  if (token.length < MIN_LENGTH || token.length > MAX_LENGTH) return;
  let digits = 0;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) <= 57 && token.charCodeAt(i) >= 48) digits++;
  if (digits === token.length || (digits >= 4 && digits * 2 >= token.length) || (digits > 0 && HEX.test(token))) return;
  out.push(token);
}
