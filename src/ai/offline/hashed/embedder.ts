import type { Embedder } from '../../types';
import { hashRange, hashString, namespaceSeed, signOf } from '../hash';
import { staticIdf } from './idf-table';
import { words } from '../tokenize';

// Hashed bag of words, word pairs and character n-grams with a fixed IDF, signed into a few hundred
// dimensions. Vectors are stored in pgvector and compared with vectors made months later, so every
// step below is frozen for this id: change any of it (or tokenize.ts, hash.ts, idf-table.ts) and the
// id must change too, which makes start-up ask for a `reembed`.

export const OFFLINE_EMBEDDER_VERSION = 'hash-ngram-v1';
export const OFFLINE_EMBEDDING_DIMENSIONS = 1024;

// Blocks are normalised on their own before mixing, so a long log cannot drown the prose.
const BLOCKS = { words: 1, pairs: 0.3, chars: 0.6, code: 0.4 } as const;
type Block = keyof typeof BLOCKS;
const SEEDS: Record<Block, number> = { words: namespaceSeed('e:w'), pairs: namespaceSeed('e:p'), chars: namespaceSeed('e:c'), code: namespaceSeed('e:k') };
// Only the start of a pasted log says which problem it is; the cap also bounds the time per issue.
const MAX_CHARS = 12_000;

export function createOfflineEmbedder(): Embedder {
  const dims = OFFLINE_EMBEDDING_DIMENSIONS;
  return {
    id: `offline:${OFFLINE_EMBEDDER_VERSION}:${dims}`,
    dimensions: dims,
    embed: (texts) => Promise.resolve(texts.map((t) => embedText(t, dims))),
  };
}

/** The synchronous core, exported for evaluation and benchmarks. */
export function embedText(text: string, dims: number = OFFLINE_EMBEDDING_DIMENSIONS): number[] {
  const { prose, code } = splitForEmbedding(text.slice(0, MAX_CHARS));
  const terms: Record<Block, Map<number, [count: number, idf: number]>> = { words: new Map(), pairs: new Map(), chars: new Map(), code: new Map() };
  const add = (block: Block, h: number, idf: number) => {
    const t = terms[block].get(h);
    if (t) t[0]++;
    else terms[block].set(h, [1, idf]);
  };
  const list = words(prose);
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!;
    const idf = staticIdf(w);
    add('words', hashString(w, SEEDS.words), idf);
    const next = list[i + 1];
    if (next !== undefined) add('pairs', hashString(next, hashString(w, SEEDS.pairs)), (idf + staticIdf(next)) / 2);
    const padded = ` ${w} `;
    for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) add('chars', hashRange(padded, j, j + n, SEEDS.chars), idf);
  }
  for (const w of words(code)) add('code', hashString(w, SEEDS.code), staticIdf(w));

  const out = new Float64Array(dims);
  const block = new Float64Array(dims);
  for (const name of Object.keys(BLOCKS) as Block[]) {
    if (terms[name].size === 0) continue;
    block.fill(0);
    for (const [h, [count, idf]] of terms[name]) block[h & (dims - 1)]! += signOf(h) * (1 + Math.log(count)) * idf;
    const norm = l2(block);
    if (norm > 0) for (let i = 0; i < dims; i++) out[i]! += (block[i]! / norm) * BLOCKS[name];
  }
  const norm = l2(out);
  return Array.from(out, (v) => (norm > 0 ? v / norm : 0));
}

function l2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

// Frozen on purpose rather than shared with the classifier's cleaning, which is free to evolve.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const FENCE = /```[^\n]*\n([\s\S]*?)(?:```|$)/g;
const NOISE = /!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|https?:\/\/\S+|<\/?[a-z][^>]*>/gi;
const TEMPLATE_LINE = /^\s*(?:#{1,6}\s.*|\*\*[^*]+\*\*:?|_no response_|n\/a|-\s*\[[ x]\].*)\s*$/gim;

function splitForEmbedding(text: string): { prose: string; code: string } {
  const code: string[] = [];
  const prose = text
    .replace(/\r\n?/g, '\n')
    .replace(HTML_COMMENT, ' ')
    .replace(FENCE, (_m, inner: string) => {
      code.push(inner);
      return '\n';
    })
    .replace(NOISE, ' ')
    .replace(TEMPLATE_LINE, ' ');
  return { prose, code: code.join('\n') };
}
