// Sparse vectors over hashed feature slots: an issue touches a few hundred of the model's slots.

export interface SparseVector {
  /** Slot numbers, ascending and unique. */
  idx: Int32Array;
  val: Float64Array;
}

/**
 * Counts occurrences per slot and applies sublinear term frequency (1 + ln tf), which damps words
 * repeated in pasted logs. `scale` carries the feature family's weight, its IDF and its hash sign.
 */
export class SparseBuilder {
  private readonly counts = new Map<number, number>();
  private readonly scales = new Map<number, number>();

  add(slot: number, scale: number): void {
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
    this.scales.set(slot, scale);
  }

  toSparse(normalize: boolean): SparseVector {
    const slots = [...this.counts.keys()].sort((a, b) => a - b);
    const idx = new Int32Array(slots.length);
    const val = new Float64Array(slots.length);
    let norm = 0;
    slots.forEach((slot, i) => {
      const v = (1 + Math.log(this.counts.get(slot)!)) * this.scales.get(slot)!;
      idx[i] = slot;
      val[i] = v;
      norm += v * v;
    });
    if (normalize && norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < val.length; i++) val[i] = val[i]! * inv;
    }
    return { idx, val };
  }
}

/** Concatenates blocks (already normalised) with weights, then normalises the whole. */
export function combineBlocks(blocks: { vector: SparseVector; weight: number }[]): SparseVector {
  const merged = new Map<number, number>();
  for (const { vector, weight } of blocks) {
    if (weight === 0) continue;
    for (let i = 0; i < vector.idx.length; i++) merged.set(vector.idx[i]!, (merged.get(vector.idx[i]!) ?? 0) + vector.val[i]! * weight);
  }
  const slots = [...merged.keys()].sort((a, b) => a - b);
  const idx = Int32Array.from(slots);
  const val = Float64Array.from(slots, (s) => merged.get(s)!);
  let norm = 0;
  for (let i = 0; i < val.length; i++) norm += val[i]! * val[i]!;
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < val.length; i++) val[i] = val[i]! * inv;
  }
  return { idx, val };
}
