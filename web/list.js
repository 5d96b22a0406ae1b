import { listIssues } from './api.js';
import { flash, h, replace } from './dom.js';
import { count, issueKey } from './format.js';
import { matches } from './filters.js';
import { issueRow } from './render.js';

export const PAGE_SIZE = 50;

/** The issues table: loads a page, then keeps it current from live events. */
export function issueList({ main, body, table, state: stateBox, notice, pager, onRetry, onClearFilters }) {
  const view = { filters: {}, page: 1, items: [], total: 0, loaded: false, openKey: null, missed: 0 };
  // Events that arrive while a page is loading are replayed on top of it, so none fall in the gap.
  let buffered = null;
  const keyOf = (issue) => issueKey(issue.repo, issue.number);

  async function load(filters, page) {
    Object.assign(view, { filters, page, missed: 0 });
    buffered = [];
    main.setAttribute('aria-busy', 'true');
    if (!view.loaded) showState('loading');
    try {
      const list = await listIssues(filters, page, PAGE_SIZE);
      if (view.filters !== filters || view.page !== page) return; // a newer load superseded this one
      Object.assign(view, { items: list.items, total: list.total, loaded: true });
      const replay = buffered ?? [];
      buffered = null;
      render();
      for (const issue of replay) upsert(issue);
    } catch (err) {
      if (view.filters !== filters || view.page !== page) return;
      view.items = [];
      view.loaded = false;
      buffered = null;
      render(err);
    } finally {
      main.setAttribute('aria-busy', 'false');
    }
  }

  function render(error = null, changedKey = null) {
    const focusedKey = document.activeElement?.closest?.('#issues-body') ? document.activeElement.dataset.key : null;
    replace(body, view.items.map((issue) => {
      const row = issueRow(issue);
      if (row.dataset.key === view.openKey) row.setAttribute('aria-current', 'true');
      return row;
    }));
    if (focusedKey) rowFor(focusedKey)?.querySelector('a.row__link')?.focus();
    if (changedKey) {
      const row = rowFor(changedKey);
      if (row) flash(row);
    }
    table.hidden = view.items.length === 0;
    showState(error ? 'error' : view.items.length === 0 ? 'empty' : null, error);
    renderPager();
    renderNotice();
  }

  function showState(kind, error) {
    stateBox.hidden = !kind;
    if (!kind) return replace(stateBox);
    stateBox.dataset.kind = kind;
    const filtered = Object.keys(view.filters).length > 0;
    if (kind === 'loading') return replace(stateBox, h('p', { class: 'state__title' }, 'Loading issues…'));
    if (kind === 'error') {
      return replace(stateBox,
        h('p', { class: 'state__title' }, 'Couldn’t load issues'),
        h('p', { class: 'state__text' }, error.message),
        h('button', { type: 'button', class: 'btn', onclick: onRetry }, 'Try again'));
    }
    return replace(stateBox, filtered
      ? [h('p', { class: 'state__title' }, 'No issues match these filters'),
        h('button', { type: 'button', class: 'btn', onclick: onClearFilters }, 'Clear filters')]
      : [h('p', { class: 'state__title' }, 'No issues yet'),
        h('p', { class: 'state__text' }, 'Issues appear here the moment GitHub delivers an issues webhook. This page updates live; there is no need to reload.')]);
  }

  function renderPager() {
    pager.hidden = !view.loaded || view.total === 0;
    const first = (view.page - 1) * PAGE_SIZE + 1;
    const last = first + view.items.length - 1;
    replace(pager.querySelector('#pager-range'), view.items.length
      ? `${count(first)}–${count(last)} of ${count(view.total)}` : `${count(view.total)} issues`);
    const prev = pager.querySelector('[data-page="prev"]');
    const next = pager.querySelector('[data-page="next"]');
    prev.disabled = view.page <= 1;
    next.disabled = view.page * PAGE_SIZE >= view.total;
    prev.hidden = next.hidden = prev.disabled && next.disabled;
  }

  function renderNotice() {
    notice.hidden = view.missed === 0;
    if (view.missed) {
      replace(notice, `${count(view.missed)} newer update${view.missed === 1 ? '' : 's'} on the first page. `,
        h('button', { type: 'button', class: 'link', dataset: { page: 'first' } }, 'Show newest'));
    }
  }

  /** Applies one live event: rows are matched by repo + number and filtered as the server would. */
  function upsert(issue) {
    if (buffered) return void buffered.push(issue);
    if (!view.loaded) return;
    const key = keyOf(issue);
    const index = view.items.findIndex((i) => keyOf(i) === key);
    const existing = view.items[index];
    if (existing && Date.parse(existing.updatedAt) > Date.parse(issue.updatedAt)) return; // out-of-order event
    const verdict = matches(issue, view.filters);
    // An issue the page cannot judge (filtered by owner) is refreshed where it is, or announced as new.
    if (verdict === null && !existing) {
      view.missed += view.page === 1 ? 1 : 0;
      return renderNotice();
    }
    const fits = verdict !== false;
    if (existing && !fits) {
      view.items.splice(index, 1);
      view.total -= 1;
    } else if (existing && view.page === 1) {
      view.items.splice(index, 1);
      view.items.unshift(issue);
    } else if (existing) {
      view.items[index] = issue;
    } else if (fits && view.page === 1) {
      view.items.unshift(issue);
      view.total += 1;
      if (view.items.length > PAGE_SIZE) view.items.pop();
    } else if (fits) {
      view.total += 1;
      view.missed += 1;
    } else {
      return;
    }
    render(null, key);
  }

  function setOpen(key) {
    view.openKey = key;
    for (const row of body.querySelectorAll('tr[aria-current]')) row.removeAttribute('aria-current');
    if (key) rowFor(key)?.setAttribute('aria-current', 'true');
  }

  // Keys hold repository names, so rows are found by comparison rather than by building a selector.
  function rowFor(key) {
    return [...body.rows].find((row) => row.dataset.key === key) ?? null;
  }

  return { view, load, upsert, setOpen, rowFor };
}
