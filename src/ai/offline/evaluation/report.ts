import type { EmbedderCheck } from './near-duplicates';
import { percentile, type Metrics } from './metrics';
import type { ModeResult } from './modes';

export interface EvalReport {
  data: { file: string; issues: number; skipped: number };
  mode: string;
  metrics: Metrics;
  prequential?: { overallAccuracy: number; lastWindow: number; lastWindowAccuracy: number };
  latency: { classifyP50Ms: number; classifyP99Ms: number; embedP50Ms: number; embedP99Ms: number; fitMsPerFold?: number };
  embedder: EmbedderCheck;
}

export function latencyOf(result: ModeResult, embedder: EmbedderCheck): EvalReport['latency'] {
  return {
    classifyP50Ms: percentile(result.classifyMs, 0.5),
    classifyP99Ms: percentile(result.classifyMs, 0.99),
    embedP50Ms: embedder.embedP50Ms,
    embedP99Ms: embedder.embedP99Ms,
    ...(result.fitMs.length ? { fitMsPerFold: result.fitMs.reduce((a, b) => a + b, 0) / result.fitMs.length } : {}),
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const f3 = (v: number) => v.toFixed(3);
const ms = (v: number) => `${v.toFixed(2)} ms`;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

export function formatReport(r: EvalReport): string {
  const m = r.metrics;
  const lines = [
    `data        ${r.data.file}: ${r.data.issues} issues${r.data.skipped ? `, ${r.data.skipped} skipped` : ''}`,
    `mode        ${r.mode}`,
    `accuracy    ${f3(m.accuracy)}`,
    `macro-F1    ${f3(m.macroF1)}`,
  ];
  if (r.prequential) {
    lines.push(`prequential overall ${f3(r.prequential.overallAccuracy)}, last ${r.prequential.lastWindow}: ${f3(r.prequential.lastWindowAccuracy)}`);
  }
  const w = Math.max(8, ...m.confusion.labels.map((l) => l.length)) + 2;
  lines.push('', `${pad('class', w)}${lpad('precision', 10)}${lpad('recall', 8)}${lpad('F1', 8)}${lpad('support', 9)}`);
  for (const c of m.perClass) lines.push(`${pad(c.label, w)}${lpad(f3(c.precision), 10)}${lpad(f3(c.recall), 8)}${lpad(f3(c.f1), 8)}${lpad(String(c.support), 9)}`);
  lines.push('', `confusion (rows: true class, columns: predicted)`, pad('', w) + m.confusion.labels.map((l) => lpad(l, w)).join(''));
  m.confusion.labels.forEach((l, i) => lines.push(pad(l, w) + m.confusion.matrix[i]!.map((v) => lpad(String(v), w)).join('')));
  const t = r.latency;
  const e = r.embedder;
  lines.push(
    '',
    `classify    p50 ${ms(t.classifyP50Ms)}, p99 ${ms(t.classifyP99Ms)}${t.fitMsPerFold ? `; fit ${(t.fitMsPerFold / 1000).toFixed(1)} s per fold` : ''}`,
    `embed       p50 ${ms(t.embedP50Ms)}, p99 ${ms(t.embedP99Ms)}`,
    `near-dups   edited copy cosine p5 ${f3(e.editedCopy.p5)}, p50 ${f3(e.editedCopy.p50)}, ${pct(e.editedCopy.shareAtLeast90)} >= 0.9 (${e.editedCopy.compared} issues of 20+ words)`,
    `            random pairs cosine p50 ${f3(e.randomPairs.p50)}, p99 ${f3(e.randomPairs.p99)}, max ${f3(e.randomPairs.max)} (${e.randomPairs.compared} pairs)`,
  );
  return lines.join('\n');
}
