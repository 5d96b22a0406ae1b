import { hashRange, hashString, namespaceSeed } from '../hash';
import { combineBlocks, SparseBuilder, type SparseVector } from './sparse';
import { detectSignals, SIGNAL_NAMES, type IssueSignals } from './signals';
import { cleanIssue, type CleanIssue } from '../text-clean';
import { words } from '../tokenize';

const FAMILIES = ['titleWords', 'titleBigrams', 'titleChars', 'bodyWords', 'bodyBigrams', 'bodyChars', 'code', 'comments', 'template', 'signals'] as const;
type Family = (typeof FAMILIES)[number];

/** How an issue becomes a sparse vector; stored with every model so a saved model keeps its features. */
export interface FeatureConfig {
  /** Number of hashed slots, a power of two. */
  dims: number;
  /** Each family is normalised on its own and then weighted, so a long body cannot drown the title. */
  weights: Record<Family, number>;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  dims: 1 << 18,
  weights: { titleWords: 1, titleBigrams: 0.5, titleChars: 0.3, bodyWords: 1, bodyBigrams: 0.5, bodyChars: 0, code: 0.5, comments: 0.5, template: 0.8, signals: 0.6 },
};

export interface ExtractedFeatures {
  vector: SparseVector;
  clean: CleanIssue;
  signals: IssueSignals;
}

const NS = Object.fromEntries(FAMILIES.map((f) => [f, namespaceSeed(f)])) as Record<Family, number>;

/**
 * Features of one issue. `names`, when given, receives a readable name for each word-level slot so a
 * prediction can be explained; char n-grams stay unnamed because no person reads them.
 */
export function extractFeatures(title: string, body: string, cfg: FeatureConfig, names?: Map<number, string>): ExtractedFeatures {
  const clean = cleanIssue(title, body);
  const signals = detectSignals(clean);
  const mask = cfg.dims - 1;
  const w = cfg.weights;
  const blocks = new Map<Family, SparseBuilder>();
  const block = (f: Family): SparseBuilder => {
    let b = blocks.get(f);
    if (!b) blocks.set(f, (b = new SparseBuilder()));
    return b;
  };
  const put = (f: Family, key: string, label?: string, weight = 1) => {
    if (!w[f]) return;
    const slot = hashString(key, NS[f]) & mask;
    block(f).add(slot, weight);
    if (names && label) names.set(slot, label);
  };

  const titleWords = words(clean.title);
  addWords(titleWords, 'titleWords', 'titleBigrams', put, 'title');
  if (w.titleChars) addChars(titleWords, NS.titleChars, mask, block('titleChars'));
  const bodyWords = words(clean.prose);
  addWords(bodyWords, 'bodyWords', 'bodyBigrams', put, 'body');
  if (w.bodyChars) addChars(bodyWords, NS.bodyChars, mask, block('bodyChars'));
  for (const t of words(clean.code)) put('code', t, `code "${t}"`);
  for (const t of words(clean.comments)) put('comments', t, `template comment "${t}"`);

  if (clean.titlePrefix) put('template', `prefix ${clean.titlePrefix}`, `title prefix "${clean.titlePrefix}"`);
  for (const h of clean.headings) put('template', `heading ${h}`, `heading "${h}"`);
  for (const a of clean.answers) put('template', `answer ${a}`, `template answer "${a}"`);
  for (const name of SIGNAL_NAMES) if (signals[name]) put('signals', name, signalLabel(name));
  if (clean.codeBlocks > 0) put('signals', 'code-block', 'a code block');
  if (clean.images > 0) put('signals', 'image', 'a screenshot');
  if (!clean.prose.trim()) put('signals', 'empty-body', 'an empty body');
  put('signals', `body-length-${lengthBucket(bodyWords.length)}`, undefined, 0.5);

  const vector = combineBlocks([...blocks].map(([f, b]) => ({ vector: b.toSparse(true), weight: w[f] })));
  return { vector, clean, signals };
}

function addWords(
  list: string[], unigram: Family, bigram: Family,
  put: (f: Family, key: string, label?: string) => void, where: string,
): void {
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    put(unigram, t, `${where} "${t}"`);
    const next = list[i + 1];
    if (next !== undefined) put(bigram, `${t} ${next}`, `${where} "${t} ${next}"`);
  }
}

/** Character 3- to 5-grams inside words padded with spaces: typos, inflections and joined words still match. */
function addChars(list: string[], seed: number, mask: number, b: SparseBuilder): void {
  for (const t of list) {
    const padded = ` ${t} `;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) b.add(hashRange(padded, i, i + n, seed) & mask, 1);
    }
  }
}

const lengthBucket = (n: number): string => (n < 20 ? 'xs' : n < 60 ? 's' : n < 150 ? 'm' : n < 400 ? 'l' : 'xl');

const SIGNAL_LABELS: Record<keyof IssueSignals, string> = {
  stackTrace: 'a stack trace',
  errorText: 'error text',
  crash: 'crash words',
  dataLoss: 'data-loss words',
  security: 'security words',
  regression: 'regression words',
  questionTitle: 'a question title',
  questionPhrase: 'question phrasing',
  featurePhrase: 'feature-request phrasing',
  bugPhrase: 'bug-report phrasing',
  docsPhrase: 'documentation words',
};
export const signalLabel = (name: keyof IssueSignals): string => SIGNAL_LABELS[name];
