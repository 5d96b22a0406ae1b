import { getAccuracy } from './api.js';
import { h, replace } from './dom.js';
import { capitalize, count, percent } from './format.js';

// The accuracy view: Chart.js (served from node_modules at /vendor, a global `Chart`) draws accuracy by
// field per period over the issues triaged in it; a table shows the category confusion matrix.

const FIELDS = [
  { key: 'category', label: 'Category', color: '#3b5bdb' },
  { key: 'priority', label: 'Priority', color: '#e8590c' },
  { key: 'labels', label: 'Labels', color: '#2b8a3e' },
];

const periodLabel = (iso, window) => {
  const d = new Date(iso);
  const options = window === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return d.toLocaleDateString(undefined, options);
};

function chartConfig(report) {
  const labels = report.periods.map((p) => periodLabel(p.start, report.window));
  const line = (f) => ({
    type: 'line', label: `${f.label} accuracy`, yAxisID: 'y', borderColor: f.color, backgroundColor: f.color,
    data: report.periods.map((p) => (p.accuracy[f.key] === null ? null : Math.round(p.accuracy[f.key] * 1000) / 10)),
    spanGaps: true, tension: 0.25, pointRadius: 3,
  });
  return {
    data: {
      labels,
      datasets: [
        ...FIELDS.map(line),
        { type: 'bar', label: 'Triaged', yAxisID: 'count', backgroundColor: 'rgba(134, 142, 150, 0.35)', data: report.periods.map((p) => p.triaged) },
        { type: 'bar', label: 'Corrected', yAxisID: 'count', backgroundColor: 'rgba(224, 49, 49, 0.45)', data: report.periods.map((p) => p.corrected) },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { min: 0, max: 100, position: 'left', title: { display: true, text: 'accuracy %' } },
        count: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: 'issues' } },
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  };
}

function confusionTable(table, confusion) {
  const { categories, matrix } = confusion;
  const max = Math.max(1, ...matrix.flat());
  replace(table,
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'final ╲ predicted'), categories.map((c) => h('th', { scope: 'col' }, capitalize(c))))),
    h('tbody', {}, matrix.map((row, i) => h('tr', {},
      h('th', { scope: 'row' }, capitalize(categories[i])),
      row.map((n, j) => h('td', {
        class: `confusion__cell${i === j ? ' confusion__cell--diagonal' : ''}`,
        dataset: { final: categories[i], predicted: categories[j], level: String(n === 0 ? 0 : Math.ceil((n / max) * 4)) },
        title: `${n} issue${n === 1 ? '' : 's'}: final ${categories[i]}, predicted ${categories[j]}`,
      }, String(n)))))));
}

function summaryText(report) {
  const totals = report.periods.reduce((t, p) => ({ triaged: t.triaged + p.triaged, corrected: t.corrected + p.corrected, confirmed: t.confirmed + p.confirmed }), { triaged: 0, corrected: 0, confirmed: 0 });
  const latest = [...report.periods].reverse().find((p) => p.accuracy.category !== null);
  const models = [...new Set(report.periods.flatMap((p) => p.models.map((m) => m.model)))];
  const days = Math.round(report.gracePeriodSeconds / 86_400 * 10) / 10;
  return `${count(totals.triaged)} triaged, ${count(totals.corrected)} corrected, ${count(totals.confirmed)} confirmed by closing (after ${days} d without a correction)` +
    (latest ? ` · latest category accuracy ${percent(latest.accuracy.category)}` : '') + (models.length ? ` · model ${models.join(', ')}` : '');
}

export function accuracyView({ section, toggle, windowSelect, canvas, matrix, summary, repo }) {
  let chart = null;
  let loading = 0;

  async function load() {
    const ticket = ++loading;
    section.dataset.state = 'loading';
    try {
      const report = await getAccuracy(repo(), windowSelect.value);
      if (ticket !== loading) return;
      confusionTable(matrix, report.confusion);
      summary.textContent = summaryText(report);
      if (typeof window.Chart !== 'function') throw new Error('The chart library did not load; reload the page.');
      const config = chartConfig(report);
      if (chart) {
        chart.data = config.data;
        chart.update();
      } else {
        chart = new window.Chart(canvas, config);
      }
      section.dataset.state = 'ready';
    } catch (err) {
      if (ticket !== loading) return;
      section.dataset.state = 'error';
      summary.textContent = `Accuracy is unavailable: ${err.message}`;
    }
  }

  function setOpen(open) {
    section.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) void load();
  }

  toggle.addEventListener('click', () => setOpen(section.hidden));
  windowSelect.addEventListener('change', () => void load());
  return { refreshIfOpen: () => !section.hidden && void load() };
}
