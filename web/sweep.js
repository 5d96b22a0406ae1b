import { getStats } from './api.js';
import { h, replace } from './dom.js';
import { count } from './format.js';
import { relativeTime } from './render.js';

// The reconciliation sweep: whether it runs (and when not, why and what to set), what its last run did,
// and what it could not do. The header button says "off" or counts the problems without being opened.

const REFRESH_MS = 60_000;

const clock = (iso) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const every = (seconds) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);

function figure(label, value, aside) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, value, aside ? h('span', { class: 'muted' }, ` · ${aside}`) : null));
}

function statusLine(sweep) {
  if (sweep.off) return h('p', { class: 'warning', dataset: { sweepOff: '' } }, `The scheduled sweep is off. ${sweep.off}`);
  const parts = [`Every ${every(sweep.intervalSeconds)}`];
  if (sweep.schedule && !sweep.schedule.exists) {
    return h('p', { class: 'warning' }, `The schedule ${sweep.schedule.id} is not in Temporal: a worker creates it when it starts with GitHub credentials. Start or restart a worker, and see its log if this stays.`);
  }
  if (sweep.schedule?.paused) parts.push('paused in Temporal');
  return h('p', { class: 'hint' }, parts.join(' · '), '. Last run ', sweep.lastRunAt ? relativeTime(sweep.lastRunAt) : 'not yet', sweep.schedule?.nextRunAt ? ['; next at ', clock(sweep.schedule.nextRunAt)] : null, '.');
}

function problem(e) {
  return h('li', { class: 'sweep__problem' }, h('span', { class: 'mono' }, e.repo ?? 'all repositories'), ` (${e.part}): `, e.message);
}

export function sweepView({ section, toggle, badge, body }) {
  async function load() {
    let sweep;
    try {
      sweep = (await getStats()).sweep;
    } catch (err) {
      if (!section.hidden) replace(body, h('p', { class: 'warning' }, `The sweep's state is unavailable: ${err.message}`));
      return;
    }
    if (!sweep) return;
    toggle.dataset.state = sweep.off ? 'off' : sweep.errors.length ? 'problem' : 'ok';
    badge.textContent = sweep.off ? 'off' : sweep.errors.length ? String(sweep.errors.length) : '';
    replace(body,
      statusLine(sweep),
      h('dl', { class: 'facts sweep__facts' },
        figure('Repositories', count(sweep.repos), 'last run'),
        figure('Issues queued', count(sweep.issuesQueued), `${count(sweep.last24h.issuesQueued)} in 24 h`),
        figure('Redelivered', count(sweep.redelivered), `${count(sweep.last24h.redelivered)} in 24 h`)),
      sweep.errors.length
        ? [h('h3', { class: 'panel__title' }, 'What the last run could not do'), h('ul', { class: 'sweep__problems' }, sweep.errors.map(problem))]
        : h('p', { class: 'hint' }, sweep.lastRunAt ? 'The last run reconciled every repository.' : ''));
  }

  function setOpen(open) {
    section.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) void load();
  }

  toggle.addEventListener('click', () => setOpen(section.hidden));
  void load();
  window.setInterval(() => void load(), REFRESH_MS);
  return { refresh: load };
}
