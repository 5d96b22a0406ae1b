const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const integer = new Intl.NumberFormat('en');
const usd = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

const steps = [
  ['year', 31_536_000], ['month', 2_592_000], ['week', 604_800],
  ['day', 86_400], ['hour', 3_600], ['minute', 60],
];

export function timeAgo(iso, now = Date.now()) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

export function dateTime(iso) {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? '' : absolute.format(then);
}

export const count = (n) => (typeof n === 'number' ? integer.format(n) : '—');
export const money = (n) => (typeof n === 'number' ? usd.format(n) : '—');
export const percent = (ratio) => (typeof ratio === 'number' ? `${Math.round(ratio * 100)}%` : '—');

export const capitalize = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** The key live events and rows share: repositories are compared case-insensitively, as GitHub does. */
export const issueKey = (repo, number) => `${String(repo).toLowerCase()}#${number}`;

export const githubIssueUrl = (repo, number) => `https://github.com/${repo}/issues/${number}`;
