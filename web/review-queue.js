import { getReviewQueue } from './api.js';
import { h, replace } from './dom.js';
import { toggledSection } from './toggled-section.js';

// The review queue: issues the confidence gate holds until a person approves or corrects them, oldest
// first, each linking to its detail panel (where the approve button and the correction form are).

const deadlineText = (iso) => {
  if (!iso) return 'no deadline';
  const d = new Date(iso);
  return `until ${d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}`;
};

function item(entry) {
  const wanted = entry.record.labelsWanted ?? [];
  return h('li', { class: 'review__item' },
    h('a', { href: `?issue=${encodeURIComponent(`${entry.repo}/${entry.number}`)}` },
      h('span', { class: 'mono' }, `${entry.repo}#${entry.number}`), ' ', entry.title),
    h('span', { class: 'review__labels' }, wanted.length ? `would add ${wanted.join(', ')}` : 'no labels to add'),
    h('span', { class: 'review__deadline muted' }, deadlineText(entry.record.reviewDeadline)));
}

export function reviewQueueView({ section, toggle, list, count, summary, repo }) {
  return toggledSection({
    section, toggle,
    async load() {
      const { items } = await getReviewQueue(repo());
      return () => {
        count.textContent = String(items.length);
        replace(list, ...items.map(item));
        summary.textContent = items.length
          ? `${items.length} held below the confidence threshold; open one to approve it or correct it.`
          : 'Nothing is waiting: every triage was confident enough to write back, or has been reviewed.';
      };
    },
    onError: (err) => { summary.textContent = `The review queue is unavailable: ${err.message}`; },
  });
}
