import { getInbox, retryParked } from './api.js';
import { h, replace } from './dom.js';
import { count } from './format.js';
import { prefs } from './prefs.js';

// The webhook inbox: per repository, what waits to be triaged (and how much of it for the repository's
// pace), what was refused past its quota, and the parked deliveries with their errors, each of which a
// token holder can put back.

const time = (iso) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function repoRow(r) {
  return h('tr', {},
    h('td', { class: 'mono' }, r.repo),
    h('td', { class: 'num' }, count(r.pending)),
    h('td', { class: 'num' }, count(r.throttled)),
    h('td', { class: 'num' }, count(r.refused)),
    h('td', { class: 'num' }, count(r.parked)));
}

export function inboxView({ section, toggle, badge, summary, repos, parked, retryAll }) {
  let loading = 0;

  const retry = async (ids, button) => {
    if (!prefs.token) {
      summary.textContent = 'Putting deliveries back needs the dashboard token: correct any issue once to enter it.';
      return;
    }
    button.disabled = true;
    try {
      const { retried } = await retryParked(prefs.token, ids);
      summary.textContent = `${retried.length} ${retried.length === 1 ? 'delivery' : 'deliveries'} put back; they are forwarded again.`;
      await load(false);
    } catch (err) {
      summary.textContent = `Not put back: ${err.message}`;
      button.disabled = false;
    }
  };

  function parkedItem(d) {
    const button = d.invalid ? null : h('button', { type: 'button', class: 'btn btn--ghost btn--small', onclick: () => void retry([d.id], button) }, 'Retry');
    const what = d.invalid ? 'refused as invalid (GitHub\'s next event for the issue is triaged)' : `${d.attempts} failed attempts`;
    return h('li', { class: 'inbox__parked' },
      d.repo && d.number ? h('a', { href: `?issue=${encodeURIComponent(`${d.repo}/${d.number}`)}`, class: 'mono' }, `${d.repo}#${d.number}`) : h('span', { class: 'mono' }, `delivery ${d.deliveryId}`),
      ' ', h('span', { class: 'muted' }, `${d.event}.${d.action ?? ''} · parked ${time(d.parkedAt)} · ${what}`),
      h('p', { class: 'inbox__error' }, d.error ?? 'no error recorded'),
      button);
  }

  async function load(announce = true) {
    const ticket = ++loading;
    try {
      const inbox = await getInbox();
      if (ticket !== loading) return;
      badge.textContent = inbox.parked ? `${count(inbox.pending)} · ${count(inbox.parked)} parked` : count(inbox.pending);
      badge.dataset.alert = inbox.parked ? 'true' : 'false';
      replace(repos, ...inbox.repos.map(repoRow));
      replace(parked, ...inbox.parkedDeliveries.map(parkedItem));
      retryAll.hidden = !inbox.parked;
      if (announce) {
        summary.textContent = `${count(inbox.pending)} waiting to be triaged (oldest ${inbox.oldestAgeSeconds} s), ${count(inbox.parked)} parked. `
          + 'Each repository is triaged at its pace (WEBHOOK_RATE_LIMIT); past INBOX_REPO_QUOTA waiting deliveries it is refused, and the reconciliation sweep recovers what was refused.';
      }
      section.dataset.state = 'ready';
    } catch (err) {
      if (ticket !== loading) return;
      section.dataset.state = 'error';
      summary.textContent = `The inbox is unavailable: ${err.message}`;
    }
  }

  function setOpen(open) {
    section.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) void load();
  }

  toggle.addEventListener('click', () => setOpen(section.hidden));
  retryAll.addEventListener('click', () => void retry(undefined, retryAll));
  void load();
  let timer = null;
  return {
    /** Live updates move the counts: refreshed once they settle. */
    soon() {
      clearTimeout(timer);
      timer = setTimeout(() => void load(!section.hidden), 1_000);
    },
  };
}
