import type { Category } from '../../../domain/triage';
import type { IssueText, RepoLabel } from '../../types';

// Labels to propose from the repository's own label set: the one that names the category (matched by
// name, then by GitHub's default descriptions) and labels the issue itself mentions, such as an area
// or platform name.

const TYPE_PREFIX = String.raw`^(?:(?:type|kind|t|category)\s*[:/-]\s*)?`;
const BY_NAME: Record<Category, RegExp | null> = {
  bug: new RegExp(`${TYPE_PREFIX}(?:bug|defect)s?$`, 'i'),
  feature: new RegExp(`${TYPE_PREFIX}(?:enhancement|feature|feature[ -]request|new feature)s?$`, 'i'),
  question: new RegExp(`${TYPE_PREFIX}(?:question|support)s?$`, 'i'),
  documentation: new RegExp(`${TYPE_PREFIX}(?:docs?|documentation)$`, 'i'),
  other: null,
};
const BY_DESCRIPTION: Record<Category, RegExp | null> = {
  bug: /something isn'?t working|\bbug\b/i,
  feature: /new feature|feature request|\benhancement\b/i,
  question: /further information is requested|\bquestion\b/i,
  documentation: /\bdocumentation\b/i,
  other: null,
};
// Triage states, not topics: a body saying "maybe a duplicate" must not label itself.
const PROCESS_LABELS = /^(?:duplicate|invalid|wontfix|won't fix|stale|triage|needs[ -]triage|help wanted|good first issue|question|bug|enhancement|feature|documentation|docs?)$/i;
const MAX_LABELS = 5;

export function suggestLabels(category: Category, issue: IssueText, labelSet: RepoLabel[]): string[] {
  if (labelSet.length === 0) return [category];
  const out: string[] = [];
  const byName = BY_NAME[category];
  const byDescription = BY_DESCRIPTION[category];
  const categoryLabel =
    (byName && labelSet.find((l) => byName.test(l.name.trim()))) ||
    (byDescription && labelSet.find((l) => l.description && byDescription.test(l.description)));
  if (categoryLabel) out.push(categoryLabel.name);

  const text = ` ${`${issue.title}\n${issue.body}`.toLowerCase().replace(/[^a-z0-9+#.]+/g, ' ')} `;
  for (const label of labelSet) {
    if (out.length >= MAX_LABELS) break;
    if (out.includes(label.name)) continue;
    const topic = label.name.replace(/^[^:/]{1,20}[:/]\s*/, '').toLowerCase().replace(/[^a-z0-9+#.]+/g, ' ').trim();
    if (topic.length < 3 || PROCESS_LABELS.test(topic) || isOtherCategoryLabel(label.name, category)) continue;
    if (text.includes(` ${topic} `)) out.push(label.name);
  }
  return out;
}

function isOtherCategoryLabel(name: string, category: Category): boolean {
  return (Object.keys(BY_NAME) as Category[]).some((c) => c !== category && BY_NAME[c]?.test(name.trim()));
}
