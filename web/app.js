import { correctionForm } from './correction-form.js';
import { fillForm, parseIssueRef, readForm, readLocation, writeLocation } from './filters.js';
import { issueKey } from './format.js';
import { issueList } from './list.js';
import { connectLive, showConnection } from './live.js';
import { detailPanel } from './panel.js';
import { tickTimes } from './render.js';
import { statsStrip } from './stats.js';
import { whenUnauthorized } from './api.js';
import { tokenGate } from './token-gate.js';
import { accuracyView } from './accuracy.js';
import { quickCorrect } from './quick-correct.js';
import { reviewQueueView } from './review-queue.js';
import { notificationsView } from './notifications.js';
import { loadOwnerOptions } from './assistant.js';
import { inboxView } from './inbox.js';
import { sweepView } from './sweep.js';
import { backtestsView } from './backtests.js';

const $ = (id) => document.getElementById(id);
const filtersForm = $('filters');
const gate = tokenGate({ root: $('token-gate'), form: $('token-gate-form'), error: $('token-gate-error') });
whenUnauthorized((message) => gate.show(message));
const initial = readLocation();

const list = issueList({
  main: $('list'), body: $('issues-body'), table: $('issues-table'), state: $('list-state'),
  notice: $('list-notice'), pager: $('pager'),
  onRetry: () => void list.load(list.view.filters, list.view.page),
  onClearFilters: () => clearFilters(),
});

const panel = detailPanel({
  aside: $('detail'), layout: $('layout'),
  parts: { summary: $('detail-summary'), more: $('detail-more'), ref: $('detail-ref') },
  form: correctionForm({
    section: $('correction'), form: $('correction-form'), alert: $('correction-alert'),
    status: $('correction-status'), resetButton: $('correction-reset'),
  }),
});

const stats = statsStrip($('stats'));
const quick = quickCorrect({
  toast: $('quick-toast'), text: $('quick-toast-text'), undoButton: $('quick-undo'),
  currentIssue: () => (panel.current ? panel.issue : null),
  onNeedActor: (message) => {
    const actor = $('correction-form').elements.actor;
    actor.setAttribute('aria-invalid', 'true');
    $('error-actor').textContent = message;
    actor.focus();
  },
});
window.addEventListener('pagehide', () => quick.flush());
const accuracy = accuracyView({
  section: $('accuracy'), toggle: $('accuracy-toggle'), windowSelect: $('accuracy-window'),
  canvas: $('accuracy-chart'), matrix: $('confusion'), summary: $('accuracy-summary'),
  repo: () => list.view.filters.repo ?? '',
});

const review = reviewQueueView({
  section: $('review'), toggle: $('review-toggle'), list: $('review-list'), count: $('review-count'), summary: $('review-summary'),
  repo: () => list.view.filters.repo ?? '',
});
sweepView({ section: $('sweep'), toggle: $('sweep-toggle'), badge: $('sweep-badge'), body: $('sweep-body') });

const inbox = inboxView({
  section: $('inbox'), toggle: $('inbox-toggle'), badge: $('inbox-count'), summary: $('inbox-summary'),
  repos: $('inbox-repos'), parked: $('inbox-parked'), retryAll: $('inbox-retry-all'),
});

const backtests = backtestsView({
  section: $('backtests'), toggle: $('backtests-toggle'), body: $('backtests-body'), summary: $('backtests-summary'),
  repo: () => list.view.filters.repo ?? '',
});

const notifications = notificationsView({
  section: $('notifications'), toggle: $('notifications-toggle'), list: $('notifications-list'), failed: $('notifications-failed'), summary: $('notifications-summary'),
});
const refreshOwners = () => void loadOwnerOptions($('owner-options'), list.view.filters.repo ?? '');

function syncLocation() {
  writeLocation({ filters: list.view.filters, page: list.view.page, open: panel.current });
}

function applyFilters(page = 1) {
  const filters = readForm(filtersForm);
  const load = list.load(filters, page);
  accuracy.refreshIfOpen();
  review.refreshIfOpen();
  refreshOwners();
  backtests.refreshIfOpen();
  syncLocation();
  return load;
}

function clearFilters() {
  fillForm(filtersForm, {});
  void applyFilters();
}

function openIssue(ref, options) {
  list.setOpen(issueKey(ref.repo, ref.number));
  const opened = panel.open(ref, options);
  syncLocation();
  return opened;
}

function closeIssue() {
  const closed = panel.close();
  list.setOpen(null);
  syncLocation();
  if (closed) list.rowFor(closed.key)?.querySelector('a.row__link')?.focus();
}

// Links carry ?issue=… so they still work opened in a new tab; a plain click opens the panel in place.
function interceptOpen(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href^="?issue="]');
  const row = event.target.closest('#issues-body tr');
  const href = link?.getAttribute('href') ?? (row && !event.target.closest('a, button') ? row.querySelector('a.row__link')?.getAttribute('href') : null);
  if (!href) return;
  const ref = parseIssueRef(new URLSearchParams(href.slice(1)).get('issue'));
  if (!ref) return;
  event.preventDefault();
  void openIssue(ref);
}

function moveSelection(step) {
  const links = [...document.querySelectorAll('#issues-body a.row__link')];
  if (links.length === 0) return;
  const at = links.indexOf(document.activeElement);
  const openAt = links.findIndex((a) => a.dataset.key === panel.current?.key);
  const from = at >= 0 ? at : openAt;
  const next = links[Math.min(links.length - 1, Math.max(0, from + step))] ?? links[0];
  next.focus();
  if (panel.current) next.click();
}

function onKey(event) {
  if (event.metaKey || event.ctrlKey || event.altKey) return;
  const typing = event.target.closest?.('input, textarea, select, [contenteditable]');
  if (event.key === 'Escape') {
    if (typing && typing.closest('#detail')) typing.blur();
    else if (panel.current) closeIssue();
    return;
  }
  if (typing) return;
  if (event.key === '/') {
    event.preventDefault();
    filtersForm.elements.repo.focus();
  } else if (event.key === 'j' || event.key === 'k') {
    event.preventDefault();
    moveSelection(event.key === 'j' ? 1 : -1);
  } else if (quick.key(event)) {
    event.preventDefault();
  }
}

let repoTimer = null;
filtersForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void applyFilters();
});
filtersForm.addEventListener('change', (event) => {
  if (event.target.name !== 'repo') void applyFilters();
});
filtersForm.addEventListener('input', (event) => {
  if (event.target.name !== 'repo') return;
  clearTimeout(repoTimer);
  repoTimer = setTimeout(() => void applyFilters(), 350);
});
filtersForm.addEventListener('reset', (event) => {
  event.preventDefault();
  clearFilters();
});
$('pager').addEventListener('click', (event) => {
  const step = event.target.closest('[data-page]')?.dataset.page;
  if (step === 'prev' || step === 'next') void applyFilters(list.view.page + (step === 'next' ? 1 : -1));
});
$('list-notice').addEventListener('click', (event) => {
  if (event.target.closest('[data-page="first"]')) void applyFilters(1);
});
$('detail-close').addEventListener('click', closeIssue);
document.addEventListener('click', interceptOpen);
document.addEventListener('keydown', onKey);
window.setInterval(() => tickTimes(document.body), 30_000);

fillForm(filtersForm, initial.filters);
void list.load(initial.filters, initial.page).then(syncLocation);
if (initial.open) void openIssue(initial.open, { focus: false });
void stats.refresh();
refreshOwners();

// The socket script is deferred; module scripts run after it, so `io` is ready here when it loaded.
connectLive({
  onState: (state) => showConnection($('conn'), state),
  onUnauthorized: (message) => gate.show(message),
  onIssue: (issue) => {
    list.upsert(issue);
    panel.update(issue);
    stats.soon();
    if (issue.triage?.priority === 'p0') notifications.refresh();
    inbox.soon();
  },
  onResync: () => {
    void list.load(list.view.filters, list.view.page);
    if (panel.current) void panel.open(panel.current, { focus: false });
    void stats.refresh();
  },
});
