import { h, replace } from './dom.js';
import { prefs } from './prefs.js';
import { relativeTime } from './render.js';

// The detail panel's "Assistant" section: what the triage assistant found (missing information with
// the reason for each item, a security report's rules, the owner) and what it did about it. Also the
// owner suggestions of the filter bar.

const ITEM_TEXT = { steps: 'Steps to reproduce', expected: 'Expected behaviour', actual: 'Actual behaviour', version: 'Version', logs: 'Logs' };

const issuePath = (repo, number) => {
  const [owner = '', name = ''] = String(repo).split('/');
  return `/api/issues/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/${encodeURIComponent(number)}`;
};
const authHeaders = () => (prefs.token ? { Authorization: `Bearer ${prefs.token}` } : {});
const fact = (term, ...value) => h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, ...value));

function missingInfo(a) {
  if (a.missing === null) return null;
  const asked = a.infoRequestedAt
    ? h('p', { class: 'muted small' }, a.infoDryRun ? 'Dry run: the comment and label would have been added ' : 'Asked the author ', relativeTime(a.infoRequestedAt),
      a.infoResolvedAt ? [' · answered ', relativeTime(a.infoResolvedAt), ', label removed'] : ' · waiting for the author')
    : null;
  return h('div', { class: 'assistant__part', dataset: { part: 'missing-info' } },
    h('h4', { class: 'assistant__title' }, 'Missing information'),
    a.missing.length === 0
      ? h('p', { class: 'muted small' }, 'Nothing missing.')
      : h('ul', { class: 'assistant__items' }, a.missing.map((m) => h('li', {}, h('strong', {}, ITEM_TEXT[m.item] ?? m.item), h('span', { class: 'muted' }, ` — ${m.reason}`)))),
    a.present?.length ? h('p', { class: 'muted small' }, 'Found: ', a.present.map((p) => `${ITEM_TEXT[p.item] ?? p.item} (${p.evidence})`).join('; ')) : null,
    a.infoSkipped ? h('p', { class: 'muted small' }, `Not asked: ${a.infoSkipped}`) : null,
    asked);
}

function security(a) {
  if (!a.security) return null;
  return h('div', { class: 'assistant__part', dataset: { part: 'security' } },
    h('h4', { class: 'assistant__title' }, h('span', { class: 'tag tag--security' }, 'Security report'), ' hidden from readers without the token'),
    h('p', { class: 'small' }, 'Rules: ', a.securityReasons.join('; ') || '—'),
    a.securityCommentAt ? h('p', { class: 'muted small' }, 'Pointed the reporter to private reporting ', relativeTime(a.securityCommentAt)) : null);
}

function owner(a) {
  if (!a.owner && a.assigned.length === 0 && a.assignmentChanges.length === 0) return null;
  return h('div', { class: 'assistant__part', dataset: { part: 'owner' } },
    h('h4', { class: 'assistant__title' }, 'Owner'),
    h('dl', { class: 'facts' },
      a.owner?.team ? fact('Team', a.owner.team) : null,
      a.owner?.logins.length ? fact('Owners', a.owner.logins.join(', ')) : null,
      a.owner ? fact('Matched by', a.owner.matchedBy) : null,
      fact('Assigned', a.assigned.length ? a.assigned.join(', ') : h('span', { class: 'muted' }, a.assignSkipped ?? 'nobody by Triageflow'))),
    a.assignmentChanges.length ? h('ul', { class: 'assistant__items small' }, a.assignmentChanges.map((c) =>
      h('li', {}, `${c.actor ?? 'someone'} ${c.action} ${c.assignee} `, relativeTime(c.at)))) : null);
}

function render(a) {
  const parts = [security(a), missingInfo(a), owner(a)].filter(Boolean);
  if (parts.length === 0) return null;
  return h('section', { class: 'panel assistant', dataset: { section: 'assistant' } }, h('h3', { class: 'panel__title' }, 'Assistant'), ...parts);
}

/** Replaces the panel's Assistant section with the issue's current findings (none: no section). */
export async function showAssistantSection(container, issue) {
  const res = await fetch(`${issuePath(issue.repo, issue.number)}/assistant`, { headers: authHeaders() }).catch(() => null);
  if (!res?.ok) return;
  const section = render(await res.json());
  container.querySelector('[data-section="assistant"]')?.remove();
  if (section) container.prepend(section);
}

/** Fills the owner filter's suggestions with the teams and logins the owner rules gave issues. */
export async function loadOwnerOptions(datalist, repo) {
  const res = await fetch(`/api/owners${repo ? `?${new URLSearchParams({ repo })}` : ''}`, { headers: authHeaders() }).catch(() => null);
  if (!res?.ok) return;
  const { teams, logins } = await res.json();
  replace(datalist, ...teams.map((t) => h('option', { value: t, label: 'team' })), ...logins.map((l) => h('option', { value: l, label: 'login' })));
}
