import { MISSING_INFO_ITEMS, type MissingInfoItem } from '../domain/assistant';
import { detectMissingInfo } from './missing-info/detect';
import { assessSecurity } from './security/detect';
import { classifierSecuritySignal } from './security/signal';

// Precision and recall of the two detectors on hand-labelled sets (test/fixtures/assistant/). For the
// missing-information detector the positive class is "missing": what it would ask the author for.

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
}

export interface LabelledReport {
  id: string;
  split: string;
  repo: string;
  title: string;
  body: string;
  /** Per item: does the report contain it, as a person judged. */
  present: Record<MissingInfoItem, boolean>;
}

export interface LabelledSecurityCase {
  id: string;
  source: string;
  title: string;
  body: string;
  security: boolean;
}

type Tally = Omit<Counts, 'precision' | 'recall'>;
const empty = (): Tally => ({ tp: 0, fp: 0, fn: 0, tn: 0 });
const add = (t: Tally, predicted: boolean, actual: boolean) => void (predicted ? (actual ? t.tp++ : t.fp++) : (actual ? t.fn++ : t.tn++));
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const finish = (t: Tally): Counts => ({ ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) });

/**
 * Per item, and per report for a repository requiring `required`: would the assistant comment (at least
 * one required item found missing) when it should, and would its list be exactly what is missing.
 */
export function evaluateMissingInfo(reports: LabelledReport[], required: readonly MissingInfoItem[] = MISSING_INFO_ITEMS) {
  const asks = empty();
  let exactLists = 0;
  const perItem = Object.fromEntries(MISSING_INFO_ITEMS.map((i) => [i, empty()])) as Record<MissingInfoItem, Tally>;
  const all = empty();
  const bySplit: Record<string, Tally> = {};
  const errors: { id: string; item: MissingInfoItem; asked: boolean; why: string }[] = [];
  for (const r of reports) {
    const result = detectMissingInfo({ repo: r.repo, title: r.title, body: r.body, required: MISSING_INFO_ITEMS });
    const asked = result.missing.filter((m) => required.includes(m.item)).map((m) => m.item);
    const lacking = required.filter((i) => !r.present[i]);
    add(asks, asked.length > 0, lacking.length > 0);
    if (asked.length === lacking.length && asked.every((i) => lacking.includes(i))) exactLists++;
    for (const item of MISSING_INFO_ITEMS) {
      const asked = result.missing.find((m) => m.item === item);
      const missing = !r.present[item];
      for (const t of [perItem[item], all, (bySplit[r.split] ??= empty())]) add(t, Boolean(asked), missing);
      if (Boolean(asked) !== missing) errors.push({ id: r.id, item, asked: Boolean(asked), why: asked?.reason ?? result.present.find((p) => p.item === item)!.evidence });
    }
  }
  return {
    reports: reports.length,
    perItem: Object.fromEntries(MISSING_INFO_ITEMS.map((i) => [i, finish(perItem[i])])) as Record<MissingInfoItem, Counts>,
    all: finish(all),
    bySplit: Object.fromEntries(Object.entries(bySplit).map(([k, t]) => [k, finish(t)])),
    perReport: { required: [...required], asks: finish(asks), exactLists },
    errors,
  };
}

export function evaluateSecurity(cases: LabelledSecurityCase[]) {
  const all = empty();
  const bySource: Record<string, Tally> = {};
  const errors: { id: string; predicted: boolean; reasons: string[] }[] = [];
  for (const c of cases) {
    const verdict = assessSecurity({ title: c.title, body: c.body, classifierSignal: classifierSecuritySignal(c.title, c.body) });
    for (const t of [all, (bySource[c.source] ??= empty())]) add(t, verdict.security, c.security);
    if (verdict.security !== c.security) errors.push({ id: c.id, predicted: verdict.security, reasons: verdict.reasons });
  }
  return { cases: cases.length, all: finish(all), bySource: Object.fromEntries(Object.entries(bySource).map(([k, t]) => [k, finish(t)])), errors };
}

/** One JSON object a line; a bad line is reported by its number. */
export function parseJsonLines<T>(text: string, file: string): T[] {
  return text.split('\n').filter((l) => l.trim()).map((line, i) => {
    try {
      return JSON.parse(line) as T;
    } catch (err) {
      throw new Error(`${file} line ${i + 1} is not JSON (${(err as Error).message}); each line must be one JSON object.`);
    }
  });
}
