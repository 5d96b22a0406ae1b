// Filters live in the address bar so a view can be bookmarked or shared; live events are
// matched against them here exactly as the server would match the list query.

export const FILTER_KEYS = ['repo', 'category', 'status', 'corrected', 'owner'];

// Values the selects offer; anything else in a hand-edited URL is dropped rather than shown as a blank select.
const CHOICES = {
  category: ['bug', 'feature', 'question', 'documentation', 'other'],
  status: ['pending', 'triaged', 'invalid', 'failed', 'corrected', 'closed', 'deleted'],
  corrected: ['true', 'false'],
};

/** Reads `{ filters, page, open }` from the current URL. `open` is `{ repo, number }` or null. */
export function readLocation() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = (params.get(key) ?? '').trim();
    if (value && (!CHOICES[key] || CHOICES[key].includes(value))) filters[key] = value;
  }
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  return { filters, page, open: parseIssueRef(params.get('issue')) };
}

export function writeLocation({ filters, page, open }) {
  const params = new URLSearchParams(filters);
  if (page > 1) params.set('page', String(page));
  if (open) params.set('issue', `${open.repo}/${open.number}`);
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
  if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url);
}

/** "owner/name/12" → { repo: "owner/name", number: 12 } */
export function parseIssueRef(ref) {
  const match = /^([^/\s]+\/[^/\s]+)\/(\d+)$/.exec(ref ?? '');
  return match ? { repo: match[1], number: Number(match[2]) } : null;
}

/** True or false as the server would decide; null when only the server can tell (the owner). */
export function matches(issue, filters) {
  if (filters.repo && issue.repo.toLowerCase() !== filters.repo.toLowerCase()) return false;
  if (filters.category && issue.triage?.category !== filters.category) return false;
  if (filters.status && issue.status !== filters.status) return false;
  if (filters.corrected && String(issue.corrected) !== filters.corrected) return false;
  // Owners live with the triage assistant's findings, which live events do not carry.
  if (filters.owner) return null;
  return true;
}

export function readForm(form) {
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = String(form.elements[key].value).trim();
    if (value) filters[key] = value;
  }
  return filters;
}

export function fillForm(form, filters) {
  for (const key of FILTER_KEYS) form.elements[key].value = filters[key] ?? '';
}
