import { getStats } from './api.js';
import { count, money, percent } from './format.js';

// The header strip. Stats are cheap to fetch, so live events only schedule a debounced refresh.

export function statsStrip(root) {
  const cell = (name) => root.querySelector(`[data-stat="${name}"]`);
  let timer = null;

  async function refresh() {
    try {
      const { issues, cache } = await getStats();
      cell('total').textContent = count(issues.total);
      cell('pending').textContent = count(issues.byStatus?.pending ?? 0);
      cell('corrected').textContent = count(issues.byStatus?.corrected ?? 0);
      cell('hitRate').textContent = percent(cache.hitRate);
      cell('hitRate').title = `${count(cache.hits)} hits, ${count(cache.misses)} misses · ${count(cache.callsSaved)} model calls saved (${money(cache.costSavedUsd)})`;
      root.removeAttribute('data-error');
      root.removeAttribute('title');
    } catch {
      root.dataset.error = 'true';
      root.title = 'Statistics are unavailable right now';
    }
  }

  return {
    refresh,
    soon() {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 400);
    },
  };
}
