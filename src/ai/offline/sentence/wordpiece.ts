// BERT's uncased WordPiece tokenizer, as the model's tokenizer.json describes it (BertNormalizer with
// lowercasing and accent stripping, BertPreTokenizer, WordPiece with "##" continuations). A sentence
// model only understands the ids its tokenizer would have produced, so every step follows the reference
// implementation rather than anything simpler.

export interface WordPieceVocab {
  ids: Map<string, number>;
  unk: number;
  cls: number;
  sep: number;
}

const MAX_CHARS_PER_WORD = 100;

/** Reads the vocabulary of a Hugging Face tokenizer.json whose model is WordPiece. */
export function parseWordPieceVocab(tokenizerJson: string): WordPieceVocab {
  const parsed = JSON.parse(tokenizerJson) as { model?: { type?: string; vocab?: Record<string, number> } };
  if (parsed.model?.type !== 'WordPiece' || !parsed.model.vocab) throw new Error('tokenizer.json does not describe a WordPiece model');
  const ids = new Map(Object.entries(parsed.model.vocab));
  const id = (token: string) => {
    const v = ids.get(token);
    if (v === undefined) throw new Error(`tokenizer.json has no ${token} token`);
    return v;
  };
  return { ids, unk: id('[UNK]'), cls: id('[CLS]'), sep: id('[SEP]') };
}

// Characters read at first: a few hundred make 32 tokens for ordinary prose. Only a text whose opening
// yields fewer tokens (whitespace, markup) is read further, so a 60 KB body costs what its opening does.
const FIRST_CHARS = 512;

/** Token ids with [CLS] and [SEP] around them, at most maxTokens in all. */
export function encode(vocab: WordPieceVocab, text: string, maxTokens: number): number[] {
  for (let chars = FIRST_CHARS; ; chars *= 4) {
    if (chars >= text.length) return encodeWhole(vocab, text, maxTokens);
    // Cut at a space, so the last word is whole and lowercasing sees the same context as in the whole text.
    const cut = text.lastIndexOf(' ', chars);
    if (cut <= 0) continue;
    const ids = encodeWhole(vocab, text.slice(0, cut), maxTokens);
    if (ids.length >= maxTokens) return ids;
  }
}

function encodeWhole(vocab: WordPieceVocab, text: string, maxTokens: number): number[] {
  const out = [vocab.cls];
  const room = maxTokens - 1;
  for (const word of preTokenize(normalize(text))) {
    for (const id of wordPieces(vocab, word)) {
      if (out.length >= room) break;
      out.push(id);
    }
    if (out.length >= room) break;
  }
  out.push(vocab.sep);
  return out;
}

function normalize(text: string): string {
  let s = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0 || c === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) s += ' ';
    else if (isCjk(c)) s += ` ${ch} `;
    else s += ch;
  }
  return s.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
}

function preTokenize(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of text) {
    if (ch === ' ') {
      if (current) words.push(current);
      current = '';
    } else if (isPunctuation(ch)) {
      if (current) words.push(current);
      words.push(ch);
      current = '';
    } else current += ch;
  }
  if (current) words.push(current);
  return words;
}

function wordPieces(vocab: WordPieceVocab, word: string): number[] {
  const chars = Array.from(word);
  if (chars.length > MAX_CHARS_PER_WORD) return [vocab.unk];
  const pieces: number[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: number | undefined;
    while (start < end) {
      const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
      found = vocab.ids.get(piece);
      if (found !== undefined) break;
      end--;
    }
    if (found === undefined) return [vocab.unk];
    pieces.push(found);
    start = end;
  }
  return pieces;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || /\p{Zs}/u.test(ch);
}

function isControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return /\p{Cc}|\p{Cf}/u.test(ch);
}

function isPunctuation(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return /\p{P}/u.test(ch);
}

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2a6df) || (c >= 0x2a700 && c <= 0x2b73f)
    || (c >= 0x2b740 && c <= 0x2b81f) || (c >= 0x2b820 && c <= 0x2ceaf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2f800 && c <= 0x2fa1f);
}
