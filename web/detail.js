import { externalLink, h, replace } from './dom.js';
import { count, dateTime, githubIssueUrl, money, percent } from './format.js';
import { categoryChip, confidenceBar, issueHref, labelChips, none, priorityChip, relativeTime, statusBadge } from './render.js';

// The detail panel's read-only parts. The correction form sits between them and is owned by
// correction.js, so a live refresh never wipes what the triager is typing.

const section = (title, ...content) =>
  h('section', { class: 'panel' }, h('h3', { class: 'panel__title' }, title), ...content);

const empty = (text) => h('p', { class: 'muted empty-line' }, text);

const fact = (term, ...value) => h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, ...value));

function header(issue) {
  return h('header', { class: 'detail__header' },
    h('h2', { class: 'detail__title', id: 'detail-title', tabindex: '-1' }, issue.title || '(untitled)'),
    h('div', { class: 'detail__meta' },
      statusBadge(issue.status),
      h('span', { class: `state state--${issue.state}` }, issue.state),
      issue.author ? h('span', {}, 'by ', h('strong', {}, issue.author)) : null,
      h('span', {}, 'opened ', relativeTime(issue.createdAt)),
      h('span', {}, 'updated ', relativeTime(issue.updatedAt)),
      h('span', {}, `${count(issue.commentsCount)} comment${issue.commentsCount === 1 ? '' : 's'}`)),
    h('div', { class: 'detail__links' },
      externalLink(issue.url, 'Open on GitHub ↗', { class: 'btn btn--ghost btn--small' }),
      externalLink(issue.temporalUrl, 'Workflow in Temporal UI ↗', { class: 'btn btn--ghost btn--small' }),
      h('code', { class: 'workflow-id', title: 'Temporal workflow id' }, issue.workflowId)));
}

function triage(issue) {
  const t = issue.triage;
  if (!t) {
    const text = issue.status === 'invalid' || issue.status === 'failed'
      ? `Not triaged: ${issue.invalidReason ?? 'the issue could not be classified.'}`
      : issue.status === 'pending' ? 'The workflow is classifying this issue…' : 'No triage result.';
    return section('Triage', empty(text));
  }
  return section('Triage',
    h('dl', { class: 'facts' },
      fact('Category', categoryChip(t.category)),
      fact('Priority', priorityChip(t.priority)),
      fact('Confidence', confidenceBar(t.confidence)),
      fact('Duplicate of', t.duplicateOf
        ? h('a', { href: issueHref({ repo: issue.repo, number: t.duplicateOf }) }, `#${t.duplicateOf}`)
        : h('span', { class: 'muted' }, 'none')),
      fact('Labels', t.labels.length ? labelChips(t.labels) : h('span', { class: 'muted' }, 'none')),
      fact('Model', h('code', {}, t.model ?? 'person'))),
    t.rationale ? h('p', { class: 'rationale' }, t.rationale) : null,
    (issue.status === 'invalid' || issue.status === 'failed') && issue.invalidReason ? h('p', { class: 'warning' }, issue.invalidReason) : null,
    issue.usage?.inputTokens || issue.usage?.costUsd ? h('p', { class: 'muted small' },
      `${count(issue.usage.inputTokens)} input / ${count(issue.usage.outputTokens)} output tokens · ${money(issue.usage.costUsd)}`) : null);
}

function body(issue) {
  return section('Description',
    issue.body ? h('pre', { class: 'issue-body' }, issue.body) : empty('No description provided.'),
    issue.githubLabels.length ? h('div', { class: 'labels', 'aria-label': 'GitHub labels' }, labelChips(issue.githubLabels)) : null);
}

function similar(issue) {
  const items = issue.similar ?? [];
  return section('Similar issues',
    items.length === 0 ? empty('No similar issues found.') : h('ul', { class: 'similar' }, items.map((s) => {
      const pct = Math.round(s.similarity * 100);
      const bar = h('span', { class: 'similar__fill' });
      bar.style.width = `${pct}%`;
      const isDuplicate = issue.triage?.duplicateOf === s.number;
      return h('li', { class: 'similar__item' },
        h('div', { class: 'similar__main' },
          h('a', { href: issueHref({ repo: issue.repo, number: s.number }) },
            h('span', { class: 'mono' }, `#${s.number}`), ' ', s.title),
          h('span', { class: 'similar__parts' },
            isDuplicate ? h('span', { class: 'similar__duplicate' }, 'duplicate of') : null,
            scoreParts(s))),
        h('span', { class: 'similar__category' }, s.category ? categoryChip(s.category) : none()),
        h('span', { class: 'similar__score', title: `Similarity ${s.similarity.toFixed(3)}: words and embedding combined` },
          h('span', { class: 'similar__track', 'aria-hidden': 'true' }, bar), `${pct}%`),
        externalLink(githubIssueUrl(issue.repo, s.number), '↗', { class: 'similar__gh', 'aria-label': `Issue #${s.number} on GitHub` }));
    })));
}

/** The two scores the similarity combines; results stored before the hybrid search have none. */
function scoreParts(s) {
  if (s.lexical === undefined && s.semantic === undefined) return null;
  const pct = (x) => `${Math.round((x ?? 0) * 100)}%`;
  return `words ${pct(s.lexical)} · embedding ${pct(s.semantic)}`;
}

const FIELDS = ['category', 'priority', 'labels', 'duplicateOf'];

function showValue(field, value) {
  if (value === undefined) return h('span', { class: 'muted' }, '—');
  if (value === null) return h('span', { class: 'muted' }, 'none');
  if (field === 'category') return categoryChip(value);
  if (field === 'priority') return priorityChip(value);
  if (field === 'labels') return value.length ? labelChips(value) : h('span', { class: 'muted' }, 'none');
  if (field === 'duplicateOf') return `#${value}`;
  return String(value);
}

function corrections(issue) {
  const items = [...(issue.corrections ?? [])].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return section('Corrections',
    items.length === 0 ? empty('No one has corrected this issue yet.') : h('ol', { class: 'audit' }, items.map((c) =>
      h('li', { class: 'audit__item', dataset: { correctionId: c.id } },
        h('div', { class: 'audit__head' },
          h('strong', { class: 'audit__actor' }, c.actor), ' ', relativeTime(c.createdAt),
          h('span', { class: 'muted small' }, ` · ${dateTime(c.createdAt)}`)),
        h('dl', { class: 'diff' }, FIELDS.filter((f) => f in c.after).map((f) =>
          h('div', { class: 'diff__row' },
            h('dt', {}, f === 'duplicateOf' ? 'duplicate of' : f),
            h('dd', {}, h('span', { class: 'diff__before' }, showValue(f, c.before[f])),
              h('span', { class: 'diff__arrow', 'aria-label': 'changed to' }, '→'),
              h('span', { class: 'diff__after' }, showValue(f, c.after[f])))))),
        c.note ? h('p', { class: 'audit__note' }, c.note) : null))));
}

function history(issue) {
  const items = [...(issue.classifications ?? [])].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return section('Classification history',
    items.length === 0 ? empty('Not classified yet.') : h('div', { class: 'table-scroll' }, h('table', { class: 'history' },
      h('thead', {}, h('tr', {}, ['When', 'Result', 'Confidence', 'Model', 'Cost'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, items.map((c) => h('tr', {},
        h('td', {}, relativeTime(c.createdAt)),
        h('td', {}, categoryChip(c.category), ' ', priorityChip(c.priority)),
        h('td', {}, percent(c.confidence)),
        h('td', {}, h('code', {}, c.model ?? '—'), c.cached ? h('span', { class: 'tag', title: 'Answered from the cache' }, 'cached') : null),
        h('td', {}, money(c.usage?.costUsd))))))));
}

export function renderDetail(issue, { summary, more, ref }) {
  replace(ref, `${issue.repo}#${issue.number}`);
  replace(summary, header(issue), triage(issue), body(issue));
  replace(more, corrections(issue), similar(issue), history(issue));
}

export function renderDetailMessage({ summary, more, ref }, title, message, tone = 'muted') {
  replace(ref, '');
  replace(summary, h('div', { class: `detail__message detail__message--${tone}` },
    h('h2', { class: 'detail__title', id: 'detail-title', tabindex: '-1' }, title), message ? h('p', {}, message) : null));
  replace(more);
}
