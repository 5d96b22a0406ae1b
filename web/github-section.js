import { h } from './dom.js';
import { prefs } from './prefs.js';
import { countdown, ledger, typeFact } from './github-ledger.js';

// The detail panel's "GitHub" section: what write-back did (or, in a dry run, would do), why the
// repository's config is not used, and the approve button of the confidence gate.

const STATUS_TEXT = {
  'dry-run': 'Dry run: nothing written',
  written: 'Written to GitHub',
  'up-to-date': 'GitHub already has these labels',
  'awaiting-review': 'Waiting for review',
  skipped: 'Skipped',
  failed: 'Write-back failed',
};

const issuePath = (repo, number) => {
  const [owner = '', name = ''] = String(repo).split('/');
  return `/api/issues/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/${encodeURIComponent(number)}`;
};

async function approve(issue, button, note) {
  button.disabled = true;
  const res = await fetch(`${issuePath(issue.repo, issue.number)}/approve`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${prefs.token}` },
    body: JSON.stringify({ actor: prefs.actor || 'dashboard' }),
  }).catch(() => null);
  const body = res ? await res.json().catch(() => ({})) : {};
  note.textContent = res?.ok ? 'Approved: the labels are being written.' : (body.error ?? 'The server could not be reached. Check that it is running.');
  if (!res?.ok) button.disabled = false;
}

function render(issue, view) {
  const w = view.writeBack;
  const labels = (xs) => (xs.length ? xs.join(', ') : 'none');
  const note = h('p', { class: 'muted small', role: 'status' });
  const button = w?.status === 'awaiting-review' ? h('button', { type: 'button', class: 'btn btn--small' }, 'Approve and write') : null;
  button?.addEventListener('click', () => void approve(issue, button, note));
  return h('section', { class: 'panel', dataset: { section: 'github' } },
    h('h3', { class: 'panel__title' }, 'GitHub'),
    view.configError ? h('p', { class: 'warning' }, view.configError) : null,
    !w ? h('p', { class: 'muted empty-line' }, 'Nothing written yet.') : h('dl', { class: 'facts' },
      h('div', { class: 'fact' }, h('dt', {}, 'Write-back'), h('dd', {}, STATUS_TEXT[w.status] ?? w.status)),
      h('div', { class: 'fact' }, h('dt', {}, w.dryRun || w.status === 'awaiting-review' ? 'Would add' : 'Added'), h('dd', {}, labels(w.status === 'awaiting-review' ? w.labelsWanted : w.labelsAdded))),
      w.labelsRemoved?.length ? h('div', { class: 'fact' }, h('dt', {}, w.dryRun || w.status === 'awaiting-review' ? 'Would remove' : 'Removed'), h('dd', {}, labels(w.labelsRemoved))) : null,
      typeFact(w),
      w.comment ? h('div', { class: 'fact' }, h('dt', {}, 'Comment'), h('dd', {}, w.commentPosted ? 'posted' : (w.dryRun ? 'would be posted' : 'not posted'))) : null),
    w?.reason ? h('p', { class: w.status === 'failed' ? 'warning' : 'muted small' }, w.reason) : null,
    view.removedLabels?.length ? h('p', { class: 'muted small' }, `Never added again (removed by a person): ${labels(view.removedLabels)}`) : null,
    countdown(view), w?.issueType?.reason && w.issueType.outcome !== 'failed' ? h('p', { class: 'muted small' }, w.issueType.reason) : null,
    button, note, ledger(view));
}

/** Replaces the panel's GitHub section with the issue's current write-back state. */
export async function showGithubSection(container, issue) {
  // A read like the others: it carries the token when this browser keeps one (read auth).
  const headers = prefs.token ? { Authorization: `Bearer ${prefs.token}` } : {};
  const res = await fetch(`${issuePath(issue.repo, issue.number)}/github`, { headers }).catch(() => null);
  if (!res?.ok) return;
  const view = await res.json();
  container.querySelector('[data-section="github"]')?.remove();
  container.prepend(render(issue, view));
}
