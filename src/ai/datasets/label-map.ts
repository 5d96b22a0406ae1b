import fs from 'node:fs/promises';
import { CATEGORIES, PRIORITIES, type Category, type Priority } from '../../domain/triage';
import { DatasetError } from './types';

// Repository labels → categories and priorities. Keys are compared after normalising case, spaces and
// separators, so "Type: Bug", "type:bug" and "TYPE : bug" are one label.

export interface LabelMap {
  categories: Map<string, Category>;
  priorities: Map<string, Priority>;
}

export const normalizeLabel = (name: string): string =>
  name.toLowerCase().replace(/[_]+/g, ' ').replace(/\s*([:/])\s*/g, '$1').replace(/\s+/g, ' ').trim();

// "help wanted" is left out on purpose: on GitHub it invites contributors and is not a question.
const DEFAULT_CATEGORIES: Record<string, Category> = {
  bug: 'bug', 'type:bug': 'bug', 'kind:bug': 'bug', 'bug report': 'bug', defect: 'bug', 't:bug': 'bug',
  enhancement: 'feature', feature: 'feature', 'feature request': 'feature', 'new feature': 'feature',
  'type:feature': 'feature', 'type:enhancement': 'feature', 'kind:feature': 'feature', 'kind:enhancement': 'feature',
  question: 'question', 'type:question': 'question', 'kind:question': 'question', support: 'question',
  documentation: 'documentation', docs: 'documentation', 'type:docs': 'documentation', 'type:documentation': 'documentation',
  'kind:documentation': 'documentation', 'kind:docs': 'documentation',
  other: 'other',
};
const DEFAULT_PRIORITIES: Record<string, Priority> = {
  p0: 'p0', 'priority:critical': 'p0', critical: 'p0', 'severity:critical': 'p0', 'priority:p0': 'p0',
  p1: 'p1', 'priority:high': 'p1', 'high priority': 'p1', 'priority:p1': 'p1',
  p2: 'p2', 'priority:medium': 'p2', 'priority:p2': 'p2',
  p3: 'p3', 'priority:low': 'p3', 'low priority': 'p3', 'priority:p3': 'p3',
};

export function defaultLabelMap(): LabelMap {
  return {
    categories: new Map(Object.entries(DEFAULT_CATEGORIES)),
    priorities: new Map(Object.entries(DEFAULT_PRIORITIES)),
  };
}

/**
 * Reads a JSON object {"label": "bug" | "p1" | null, ...} and lays it over the defaults: a category
 * or priority value adds or replaces a mapping, null removes a default one.
 */
export async function loadLabelMap(file: string): Promise<LabelMap> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new DatasetError(file, undefined, `cannot read the label map: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DatasetError(file, undefined, 'the label map must be a JSON object like {"type: bug": "bug", "P-high": "p1"}');
  const map = defaultLabelMap();
  for (const [label, value] of Object.entries(parsed as Record<string, unknown>)) {
    const key = normalizeLabel(label);
    if (value === null) {
      map.categories.delete(key);
      map.priorities.delete(key);
    } else if (CATEGORIES.includes(value as Category)) map.categories.set(key, value as Category);
    else if (PRIORITIES.includes(value as Priority)) map.priorities.set(key, value as Priority);
    else throw new DatasetError(file, undefined, `label "${label}" maps to ${JSON.stringify(value)}; use one of ${[...CATEGORIES, ...PRIORITIES].join(', ')} or null`);
  }
  return map;
}

export type LabelMatch = { category: Category; priority?: Priority } | { problem: string };

/** One category per issue: labels naming two different categories make the row ambiguous. */
export function matchLabels(names: string[], map: LabelMap): LabelMatch {
  const categories = new Set<Category>();
  let priority: Priority | undefined;
  for (const name of names) {
    const key = normalizeLabel(name);
    const c = map.categories.get(key);
    if (c) categories.add(c);
    priority ??= map.priorities.get(key);
  }
  if (categories.size === 0) return { problem: names.length ? `no label maps to a category (${names.join(', ')})` : 'no labels' };
  if (categories.size > 1) return { problem: `labels map to several categories (${[...categories].join(', ')})` };
  return { category: [...categories][0]!, priority };
}
