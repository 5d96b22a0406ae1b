import { getBacktests } from './api.js';
import { h, replace } from './dom.js';
import { toggledSection } from './toggled-section.js';

// The newest duplicate-detection backtest of each repository (`npm run cli -- backtest --repo ...`):
// how the similar-issue search ranked the duplicates people marked, beside plain TF-IDF, how far
// true neighbours score above the best wrong ones, and the threshold `duplicates.threshold: auto` takes.

const pct = (x) => `${Math.round(x * 1000) / 10}%`;
const when = (iso) => new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function row({ repoFullName, ranAt, report: r }) {
  const auto = r.threshold.auto;
  // Without a marked duplicate there is nothing to rank: no figure rather than a 0%.
  const rate = (x) => (r.queries ? pct(x) : '—');
  return h('tr', {},
    h('th', { scope: 'row', class: 'mono' }, repoFullName),
    h('td', {}, when(ranAt)),
    h('td', {}, `${r.corpus.issues}`),
    h('td', { title: `${r.marked.viaComment} by comment, ${r.marked.viaEvent} by event, ${r.marked.unresolved.length} without a named issue` }, `${r.marked.linked} / ${r.marked.issues}`),
    h('td', {}, rate(r.recallAt1)),
    h('td', {}, rate(r.recallAt5)),
    h('td', {}, rate(r.recallAt10)),
    h('td', {}, r.queries ? r.mrr.toFixed(3) : '—'),
    h('td', { title: 'plain TF-IDF over the same issues' }, rate(r.baselines.plainTfidf.recallAt5)),
    h('td', { title: 'fused score, p50 of the true neighbour / of the best wrong one' }, r.queries ? `${r.neighbours.true.p50.toFixed(2)} / ${r.neighbours.bestWrong.p50.toFixed(2)}` : '—'),
    h('td', { title: r.threshold.reason }, auto === null ? 'none' : auto.toFixed(2)));
}

export function backtestsView({ section, toggle, body, summary, repo }) {
  return toggledSection({
    section, toggle,
    async load() {
      const { items } = await getBacktests(repo());
      return () => {
        replace(body, ...items.map(row));
        summary.textContent = items.length
          ? 'The newest backtest of each repository: the duplicates people marked, as the similar-issue search ranks them.'
          : 'No backtest yet. Run `npm run cli -- backtest --repo owner/name` to measure duplicate detection on a repository\'s own history.';
      };
    },
    onError: (err) => { summary.textContent = `Backtests are unavailable: ${err.message}`; },
  });
}
