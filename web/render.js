import { h } from './dom.js';
import { capitalize, dateTime, issueKey, timeAgo } from './format.js';

export const PRIORITY_NAMES = { p0: 'urgent', p1: 'high', p2: 'normal', p3: 'low' };

const STATUS_HELP = {
  pending: 'Waiting for the workflow to classify it',
  triaged: 'Classified by the model',
  corrected: 'Corrected by a person',
  invalid: 'Could not be triaged',
  failed: 'The model refused it; see the reason',
  closed: 'Closed on GitHub',
  deleted: 'Deleted on GitHub',
};

export const none = () => h('span', { class: 'muted' }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'sr-only' }, 'none'));

export function categoryChip(category) {
  if (!category) return none();
  return h('span', { class: `chip chip--${category}` }, capitalize(category));
}

export function priorityChip(priority) {
  if (!priority) return none();
  return h('span', { class: `prio prio--${priority}`, title: `${priority.toUpperCase()} · ${PRIORITY_NAMES[priority] ?? ''}` }, priority.toUpperCase());
}

export function statusBadge(status) {
  return h('span', { class: `badge badge--${status}`, title: STATUS_HELP[status] ?? status }, capitalize(status));
}

export function confidenceBar(confidence) {
  if (typeof confidence !== 'number') return none();
  const pct = Math.round(Math.min(1, Math.max(0, confidence)) * 100);
  const level = pct >= 75 ? 'high' : pct >= 50 ? 'medium' : 'low';
  const fill = h('span', { class: 'confidence__fill' });
  fill.style.width = `${pct}%`;
  return h('span', { class: `confidence confidence--${level}`, title: `Model confidence ${pct}%` },
    h('span', { class: 'confidence__track', 'aria-hidden': 'true' }, fill),
    h('span', { class: 'confidence__value' }, `${pct}%`));
}

export function labelChips(labels, className = 'label') {
  return (labels ?? []).map((name) => h('span', { class: className }, name));
}

export function relativeTime(iso) {
  return h('time', { datetime: iso, title: dateTime(iso), dataset: { relative: '' } }, timeAgo(iso));
}

/** Refreshes every "3 minutes ago" under `root`. */
export function tickTimes(root) {
  for (const el of root.querySelectorAll('time[data-relative]')) el.textContent = timeAgo(el.getAttribute('datetime'));
}

export const issueHref = (issue) => `?issue=${encodeURIComponent(`${issue.repo}/${issue.number}`)}`;

export function issueRow(issue) {
  const key = issueKey(issue.repo, issue.number);
  return h('tr', { class: issue.triage ? 'row' : 'row row--untriaged', dataset: { key, status: issue.status } },
    h('td', { class: 'col-issue' },
      h('a', { class: 'row__link', href: issueHref(issue), dataset: { key } },
        h('span', { class: 'row__title' }, issue.title || '(untitled)')),
      h('div', { class: 'row__meta' },
        h('span', { class: 'mono' }, `${issue.repo}#${issue.number}`),
        issue.author ? h('span', {}, issue.author) : null,
        issue.corrected ? h('span', { class: 'row__corrected', title: 'A person corrected this triage' }, 'corrected') : null,
        ...labelChips(issue.githubLabels, 'label label--small'))),
    h('td', { class: 'col-category' }, categoryChip(issue.triage?.category)),
    h('td', { class: 'col-priority' }, priorityChip(issue.triage?.priority)),
    h('td', { class: 'col-confidence' }, confidenceBar(issue.triage?.confidence)),
    h('td', { class: 'col-status' }, statusBadge(issue.status)),
    h('td', { class: 'col-updated' }, relativeTime(issue.updatedAt)));
}
