import { CATEGORIES, PRIORITIES } from '../../../domain/triage';
import { type IssueText, type LabeledExample } from '../../types';
import { DEFAULT_OPTIONS, SOURCE_WEIGHT, type ClassifierOptions } from './options';
import { createLogistic, logisticFromJSON, logisticToJSON, lrLogits, lrStep, softmax, type LogisticJSON, type LogisticState } from './logistic';
import { observe, priorityRules } from './observation';
import { predictWith, type Prediction } from './predict';
import { argmax } from './priority';
import { seededRandom, shuffleInPlace } from './rng';
import type { SparseVector } from './sparse';

// The trainable part of the offline model, free of I/O: multinomial logistic regression over hashed
// text features, one head for the category and one for the priority. Chosen over complement naive
// Bayes after cross-validation (macro-F1 about 0.77 against 0.72 on the development data; an average
// of the two scored below logistic regression alone).

export interface TextClassifierJSON {
  format: 'triageflow-offline-classifier/1';
  options: ClassifierOptions;
  evidence: { category: number; priority: number };
  updates: number;
  category: LogisticJSON;
  priority: LogisticJSON;
}

export interface TextClassifier {
  readonly options: ClassifierOptions;
  /** Weighted count of labelled examples behind each head (0 = cold start). */
  readonly evidence: { category: number; priority: number };
  /** Replaces everything learned with a fit on these examples, in the order given. */
  fit(examples: LabeledExample[]): void;
  partialFit(example: LabeledExample): void;
  predict(issue: IssueText): Prediction;
  toJSON(): TextClassifierJSON;
}

interface Remembered {
  x: SparseVector;
  category: number;
  categoryOffset: Float64Array;
  priority: number;
  priorityOffset: Float64Array;
  weight: number;
}

export function createTextClassifier(options: Partial<ClassifierOptions> = {}): TextClassifier {
  return build({ ...DEFAULT_OPTIONS, ...options });
}

/** Restores a saved classifier; `history` (the examples it last learned, oldest first) refills rehearsal. */
export function textClassifierFromJSON(json: TextClassifierJSON, history: LabeledExample[] = []): TextClassifier {
  if (json?.format !== 'triageflow-offline-classifier/1') throw new Error('Not a saved Triageflow offline classifier (unknown format)');
  return build(json.options, json, history);
}

function build(options: ClassifierOptions, saved?: TextClassifierJSON, history: LabeledExample[] = []): TextClassifier {
  const dims = options.features.dims;
  let category: LogisticState = saved ? logisticFromJSON(saved.category) : createLogistic(CATEGORIES.length, dims, options.lambda);
  let priority: LogisticState = saved ? logisticFromJSON(saved.priority) : createLogistic(PRIORITIES.length, dims, options.lambda, false);
  const evidence = { ...(saved?.evidence ?? { category: 0, priority: 0 }) };
  let updates = saved?.updates ?? 0;
  let memory: Remembered[] = history.slice(-options.window).map(remember);

  function remember(e: LabeledExample): Remembered {
    const o = observe(e.issue, options);
    // The priority rules depend on the category: the labelled one when known, else the rules' guess.
    const kind = e.category ?? CATEGORIES[argmax(o.prior.probs)]!;
    return {
      x: o.x,
      category: e.category ? CATEGORIES.indexOf(e.category) : -1,
      categoryOffset: o.categoryOffset,
      priority: e.priority ? PRIORITIES.indexOf(e.priority) : -1,
      priorityOffset: priorityRules(kind, o, e.issue, options).offset,
      weight: SOURCE_WEIGHT[e.source],
    };
  }

  function step(r: Remembered, rate: number): void {
    if (r.category >= 0) lrStep(category, r.x, r.category, r.weight, rate, r.categoryOffset);
    if (r.priority >= 0) lrStep(priority, r.x, r.priority, r.weight, rate, r.priorityOffset);
  }

  /** Steps until the example is predicted right with some margin, at most `onlineSteps`. */
  function correct(head: LogisticState, x: SparseVector, label: number, weight: number, offset: Float64Array): void {
    for (let s = 0; s < options.onlineSteps; s++) {
      if (s > 0 && softmax(lrLogits(head, x, offset))[label]! > 0.5) break;
      lrStep(head, x, label, weight, options.onlineRate, offset);
    }
  }

  return {
    options,
    evidence,
    fit(examples) {
      category = createLogistic(CATEGORIES.length, dims, options.lambda);
      priority = createLogistic(PRIORITIES.length, dims, options.lambda, false);
      const all = examples.map(remember);
      evidence.category = all.reduce((n, r) => n + (r.category >= 0 ? r.weight : 0), 0);
      evidence.priority = all.reduce((n, r) => n + (r.priority >= 0 ? r.weight : 0), 0);
      const random = seededRandom(options.seed);
      for (let epoch = 0; epoch < options.epochs; epoch++) {
        const rate = options.rate / (1 + epoch / 2);
        for (const r of shuffleInPlace([...all], random)) step(r, rate);
      }
      memory = all.slice(-options.window);
      updates = 0;
    },
    partialFit(example) {
      const r = remember(example);
      if (r.category >= 0) {
        correct(category, r.x, r.category, r.weight, r.categoryOffset);
        evidence.category += r.weight;
      }
      if (r.priority >= 0) {
        correct(priority, r.x, r.priority, r.weight, r.priorityOffset);
        evidence.priority += r.weight;
      }
      memory.push(r);
      if (memory.length > options.window) memory.shift();
      // Seeded by the update count, so every process replaying the same examples picks the same ones.
      const random = seededRandom(options.seed * 1_000_003 + updates);
      for (let k = 0; k < options.rehearsal && memory.length > 1; k++) step(memory[Math.floor(random() * memory.length)]!, options.onlineRate);
      updates++;
    },
    predict: (issue) => predictWith({ category, priority, evidence, options }, issue),
    toJSON: () => ({
      format: 'triageflow-offline-classifier/1',
      options,
      evidence: { ...evidence },
      updates,
      category: logisticToJSON(category),
      priority: logisticToJSON(priority),
    }),
  };
}
