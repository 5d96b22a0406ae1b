import type { SparseVector } from './sparse';

// Multinomial logistic regression trained by stochastic gradient descent with L2 decay. The decay is
// kept as one scale factor for all weights (true weight = scale * stored), so a step costs only the
// issue's few hundred features instead of touching every one of the model's slots.

export interface LogisticState {
  classes: number;
  dims: number;
  /** weights[slot * classes + c], stored without `scale`. */
  weights: Float32Array;
  bias: Float64Array;
  scale: number;
  lambda: number;
  /** Off for heads taught by a few skewed corrections, whose class mix says nothing about new issues. */
  learnBias: boolean;
}

export function createLogistic(classes: number, dims: number, lambda = 1e-5, learnBias = true): LogisticState {
  return { classes, dims, weights: new Float32Array(classes * dims), bias: new Float64Array(classes), scale: 1, lambda, learnBias };
}

/** Scores per class; `offset` (log-probabilities of the rules) is added, so the weights learn only
 *  where the rules are wrong. */
export function lrLogits(s: LogisticState, x: SparseVector, offset?: ArrayLike<number>): Float64Array {
  const k = s.classes;
  const z = offset ? Float64Array.from(offset) : new Float64Array(k);
  const v0 = s.scale;
  for (let i = 0; i < x.idx.length; i++) {
    const base = x.idx[i]! * k;
    const v = x.val[i]! * v0;
    for (let c = 0; c < k; c++) z[c]! += s.weights[base + c]! * v;
  }
  for (let c = 0; c < k; c++) z[c] = z[c]! + s.bias[c]!;
  return z;
}

export function softmax(z: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]!);
  const p = new Float64Array(z.length);
  if (max === -Infinity) return p.fill(1 / z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += p[i] = Math.exp(z[i]! - max);
  for (let i = 0; i < z.length; i++) p[i] = p[i]! / sum;
  return p;
}

/** One gradient step on one example; returns the probabilities it saw before the step. */
export function lrStep(s: LogisticState, x: SparseVector, label: number, weight: number, rate: number, offset?: ArrayLike<number>): Float64Array {
  const k = s.classes;
  const p = softmax(lrLogits(s, x, offset));
  s.scale *= 1 - rate * s.lambda;
  if (s.scale < 1e-4) foldScale(s);
  const step = (rate * weight) / s.scale;
  for (let c = 0; c < k; c++) {
    const g = p[c]! - (c === label ? 1 : 0);
    if (g === 0) continue;
    if (s.learnBias) s.bias[c]! -= rate * weight * g;
    for (let i = 0; i < x.idx.length; i++) s.weights[x.idx[i]! * k + c]! -= step * g * x.val[i]!;
  }
  return p;
}

/** Multiplies the pending decay into the stored weights (rarely: only when the scale gets small). */
export function foldScale(s: LogisticState): void {
  if (s.scale === 1) return;
  for (let i = 0; i < s.weights.length; i++) if (s.weights[i] !== 0) s.weights[i] = s.weights[i]! * s.scale;
  s.scale = 1;
}

/** A saved model: only slots that carry weight, as base64 of little-endian typed arrays. */
export interface LogisticJSON {
  classes: number;
  dims: number;
  lambda: number;
  learnBias: boolean;
  scale: number;
  bias: number[];
  slots: string;
  weights: string;
}

export function logisticToJSON(s: LogisticState): LogisticJSON {
  const k = s.classes;
  const slots: number[] = [];
  for (let slot = 0; slot < s.dims; slot++) {
    for (let c = 0; c < k; c++) {
      if (s.weights[slot * k + c] !== 0) {
        slots.push(slot);
        break;
      }
    }
  }
  const weights = new Float32Array(slots.length * k);
  slots.forEach((slot, i) => weights.set(s.weights.subarray(slot * k, slot * k + k), i * k));
  return { classes: k, dims: s.dims, lambda: s.lambda, learnBias: s.learnBias, scale: s.scale, bias: Array.from(s.bias), slots: toBase64(Int32Array.from(slots)), weights: toBase64(weights) };
}

export function logisticFromJSON(j: LogisticJSON): LogisticState {
  const s = createLogistic(j.classes, j.dims, j.lambda, j.learnBias);
  s.scale = j.scale;
  s.bias = Float64Array.from(j.bias);
  const slots = new Int32Array(fromBase64(j.slots));
  const weights = new Float32Array(fromBase64(j.weights));
  if (weights.length !== slots.length * j.classes || s.bias.length !== j.classes) throw new Error('Saved logistic model is inconsistent: weight count does not match its slots and classes');
  slots.forEach((slot, i) => s.weights.set(weights.subarray(i * j.classes, (i + 1) * j.classes), slot * j.classes));
  return s;
}

const toBase64 = (a: Int32Array | Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** Copies into a fresh buffer: typed arrays need 4-byte alignment, which a Buffer slice may lack. */
function fromBase64(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}
