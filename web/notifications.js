import { h, replace } from './dom.js';
import { prefs } from './prefs.js';
import { relativeTime } from './render.js';

// The header's Notifications panel: what was sent to the operator's team (p0, security reports, parked
// deliveries), and above all what failed to arrive, with the receiver's answer.

const STATUS_TEXT = { sent: 'sent', failed: 'failed', pending: 'sending', skipped: 'turned off' };

function item(n) {
  const ref = n.repo ? `${n.repo}${n.number ? `#${n.number}` : ''}` : n.eventId;
  return h('li', { class: `review__item notifications__item notifications__item--${n.status}` },
    n.repo && n.number ? h('a', { href: `?issue=${encodeURIComponent(`${n.repo}/${n.number}`)}` }, h('span', { class: 'mono' }, ref), ` ${n.kind}`) : h('span', { class: 'mono' }, `${ref} ${n.kind}`),
    h('span', { class: 'review__labels' }, `${STATUS_TEXT[n.status] ?? n.status}${n.attempts > 1 ? ` after ${n.attempts} attempts` : ''}${n.status !== 'sent' && n.lastError ? `: ${n.lastError}` : ''}`),
    h('span', { class: 'review__deadline muted' }, relativeTime(n.updatedAt)));
}

export function notificationsView({ section, toggle, list, failed, summary }) {
  let loading = 0;

  async function load() {
    const ticket = ++loading;
    const res = await fetch('/api/notifications', { headers: prefs.token ? { Authorization: `Bearer ${prefs.token}` } : {} }).catch(() => null);
    if (ticket !== loading) return;
    if (!res?.ok) {
      summary.textContent = 'Notifications are unavailable right now.';
      return;
    }
    const { items, counts } = await res.json();
    failed.textContent = counts.failed ? String(counts.failed) : '';
    toggle.dataset.failed = counts.failed ? 'true' : 'false';
    replace(list, ...items.map(item));
    summary.textContent = items.length
      ? `${counts.sent} sent, ${counts.failed} failed, ${counts.skipped} turned off by a repository. Failed ones were retried as long as retrying could help.`
      : 'Nothing sent yet. Set NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET to send p0 issues, security reports and parked deliveries to a team.';
  }

  function setOpen(open) {
    section.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) void load();
  }

  toggle.addEventListener('click', () => setOpen(section.hidden));
  void load();
  return { refresh: () => void load() };
}
