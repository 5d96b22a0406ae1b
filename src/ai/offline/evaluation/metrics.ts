// Classification metrics as the eval command reports them. Macro-F1 averages over the classes present
// in the gold labels: a model predicting "documentation" on a bug/feature/question data set is
// penalised through those classes' recall, not by an extra zero for a class the data cannot contain.

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** Rows are gold labels, columns predictions, both in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
}

export function computeMetrics(gold: string[], predicted: string[], order: readonly string[] = []): Metrics {
  if (gold.length !== predicted.length) throw new Error(`computeMetrics: ${gold.length} gold labels but ${predicted.length} predictions`);
  const present = new Set([...gold, ...predicted]);
  const labels = [...order.filter((l) => present.has(l)), ...[...present].filter((l) => !order.includes(l)).sort()];
  const at = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => matrix[at.get(g)!]![at.get(predicted[i]!)!]!++);

  const goldLabels = new Set(gold);
  const perClass = labels
    .filter((l) => goldLabels.has(l))
    .map((label) => {
      const i = at.get(label)!;
      const tp = matrix[i]![i]!;
      const support = matrix[i]!.reduce((a, b) => a + b, 0);
      const predictedAs = matrix.reduce((a, row) => a + row[i]!, 0);
      const precision = predictedAs ? tp / predictedAs : 0;
      const recall = support ? tp / support : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return { label, precision, recall, f1, support };
    });
  const correct = labels.reduce((a, _l, i) => a + matrix[i]![i]!, 0);
  return {
    n: gold.length,
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: perClass.length ? perClass.reduce((a, c) => a + c.f1, 0) / perClass.length : 0,
    perClass,
    confusion: { labels, matrix },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
