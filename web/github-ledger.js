import { h } from './dom.js';
import { dateTime, timeAgo } from './format.js';

// The GitHub section's newer parts: the issue type beside the labels, the close-as-duplicate countdown,
// and the ledger of what Triageflow wrote and removed (and what people changed on the same things).

const TYPE_TEXT = {
  set: (t, dry) => `${t.after} (${dry ? 'would set' : 'set by Triageflow'})`,
  replaced: (t, dry) => `${t.after} (${dry ? 'would replace' : 'replaced'} ${t.before})`,
  cleared: (t, dry) => `none (${dry ? 'would clear' : 'cleared'} ${t.before})`,
  kept: (t) => t.after ?? 'none',
  none: (t) => t.after ?? 'none',
  failed: (t) => `${t.before ?? 'none'} (could not set ${t.wanted})`,
};

/** The "Type" fact, or null when the repository maps no categories to issue types. */
export function typeFact(w) {
  const t = w?.issueType;
  if (!t) return null;
  const text = (TYPE_TEXT[t.outcome] ?? TYPE_TEXT.none)(t, w.dryRun);
  return h('div', { class: 'fact', dataset: { fact: 'type' } }, h('dt', {}, 'Type'), h('dd', {}, h('span', { class: 'issue-type' }, text)));
}

const spell = (ms) => {
  const s = Math.max(0, Math.round(ms / 1000));
  const parts = [[Math.floor(s / 86_400), 'd'], [Math.floor((s % 86_400) / 3_600), 'h'], [Math.floor((s % 3_600) / 60), 'm'], [s % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  return first < 0 ? '0s' : parts.slice(first, first + 2).map(([n, u]) => `${n}${u}`).join(' ');
};

const ENDED = {
  closed: (c) => `Closed as a duplicate of #${c.duplicateOf}.`,
  objected: (c) => `Stays open: ${c.reason}`,
  reopened: (c) => `Reopened by a person: ${c.reason}`,
  cancelled: (c) => `Not closed: ${c.reason}`,
  failed: (c) => c.reason,
  'dry-run': (c) => `Dry run: would comment and close as a duplicate of #${c.duplicateOf} after the window unless someone objects.`,
};

/** The close-as-duplicate countdown, ticking each second while it runs; null when there is none. */
export function countdown(view) {
  const c = view.duplicateClose;
  if (!c) return null;
  if (c.status !== 'pending') {
    return h('p', { class: c.status === 'failed' ? 'warning' : 'countdown countdown--ended', dataset: { countdown: c.status } }, ENDED[c.status]?.(c) ?? c.reason ?? c.status);
  }
  const line = h('p', { class: 'countdown', role: 'timer', dataset: { countdown: 'pending' } });
  const deadline = Date.parse(c.deadline);
  const tick = () => {
    const left = deadline - Date.now();
    line.textContent = left > 0
      ? `Closes as a duplicate of #${c.duplicateOf} in ${spell(left)} (${dateTime(c.deadline)}) unless someone objects.`
      : `Closing as a duplicate of #${c.duplicateOf} now, unless an objection is found.`;
  };
  tick();
  let seen = false;
  const timer = window.setInterval(() => {
    // Stops once the section is replaced (a newer view, or another issue opened).
    if (line.isConnected) seen = true;
    else if (seen) return window.clearInterval(timer);
    tick();
  }, 1000);
  return line;
}

const KIND = { label: 'label', type: 'type', comment: 'comment', assignee: 'assignee', state: 'state' };

function entryText(e) {
  const what = e.kind === 'comment' ? (e.dryRun ? 'a comment' : `comment ${e.value}`) : e.kind === 'state' ? (e.value === 'closed:duplicate' ? 'closed as a duplicate' : e.value) : `${KIND[e.kind] ?? e.kind} "${e.value}"`;
  if (e.kind === 'state') return `${e.action === 'added' ? '' : 'undid: '}${what}`;
  return `${e.action === 'added' ? (e.kind === 'comment' ? 'posted' : 'added') : 'removed'} ${what}`;
}

function entryWho(e) {
  if (!e.byTriageflow) return e.actor ? `${e.actor} on GitHub` : 'a person (seen on GitHub)';
  const because = e.cause === 'classification' ? 'triage' : e.cause.replace(/-/g, ' ');
  return `Triageflow · ${because}${e.dryRun ? ' · dry run' : ''}`;
}

/** The ledger, newest first: what Triageflow wrote and removed, and people's edits of the same things. */
export function ledger(view) {
  const entries = view.ledger ?? [];
  if (!entries.length) return null;
  const ours = entries.filter((e) => e.byTriageflow).length;
  return h('details', { class: 'ledger', dataset: { section: 'ledger' } },
    h('summary', {}, `Ledger: ${ours} by Triageflow, ${entries.length - ours} by people`),
    h('ol', { class: 'ledger__list' }, [...entries].reverse().map((e) => h('li', { class: `ledger__entry${e.byTriageflow ? '' : ' ledger__entry--person'}${e.dryRun ? ' ledger__entry--dry' : ''}` },
      h('span', { class: 'ledger__what' }, entryText(e)),
      h('span', { class: 'ledger__who muted small' }, entryWho(e)),
      h('time', { class: 'muted small', datetime: e.at, title: dateTime(e.at) }, timeAgo(e.at))))));
}
