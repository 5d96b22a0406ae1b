import { ApiError } from './api.js';

// Rules for the correction form. The form is filled from the model's current answer and sends only
// what the person changed, so the audit trail shows real before/after pairs.

// Mirrors the server's correction schema so most mistakes are caught before a round trip.
const MAX_LABELS = 50;
const MAX_LABEL_LENGTH = 100;

export const parseLabels = (text) =>
  [...new Set(text.split(',').map((l) => l.trim()).filter(Boolean))];

const sameLabels = (a, b) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Returns `{ correction, errors }`; `errors` maps field names (or `form`) to messages. */
export function validate(values, issue) {
  const errors = {};
  const t = issue.triage ?? { category: '', priority: '', labels: [], duplicateOf: null };
  const correction = {};

  if (values.category && values.category !== t.category) correction.category = values.category;
  if (values.priority && values.priority !== t.priority) correction.priority = values.priority;

  const labels = parseLabels(values.labels);
  if (labels.length > MAX_LABELS) errors.labels = `At most ${MAX_LABELS} labels.`;
  else if (labels.some((l) => l.length > MAX_LABEL_LENGTH)) errors.labels = `Each label must be ${MAX_LABEL_LENGTH} characters or fewer.`;
  else if (!sameLabels(labels, t.labels ?? [])) correction.labels = labels;

  const dup = values.duplicateOf.trim().replace(/^#/, '');
  if (dup && !/^\d+$/.test(dup)) errors.duplicateOf = 'Enter an issue number such as 42, or leave it blank.';
  else if (dup && Number(dup) === issue.number) errors.duplicateOf = 'An issue cannot be a duplicate of itself.';
  else if (dup && Number(dup) < 1) errors.duplicateOf = 'Issue numbers start at 1.';
  else if ((dup ? Number(dup) : null) !== (t.duplicateOf ?? null)) correction.duplicateOf = dup ? Number(dup) : null;

  if (values.note.length > 2000) errors.note = 'Keep the note under 2000 characters.';
  if (!values.actor.trim()) errors.actor = 'Enter your name; it is recorded in the audit trail.';
  else if (values.actor.trim().length > 100) errors.actor = 'Use 100 characters or fewer.';
  if (!values.token.trim()) errors.token = 'Paste the dashboard token printed by npm run dev.';

  if (values.note.trim()) correction.note = values.note.trim();
  if (Object.keys(errors).length === 0 && !['category', 'priority', 'labels', 'duplicateOf', 'note'].some((k) => k in correction)) {
    errors.form = 'Nothing to correct yet: change the category, priority, labels or duplicate, or add a note.';
  }
  correction.actor = values.actor.trim();
  return { correction, errors };
}

export function explainFailure(err) {
  if (!(err instanceof ApiError)) return { message: `Unexpected error: ${err.message}` };
  if (err.status === 401) {
    return {
      field: 'token',
      message: 'The dashboard token was rejected (401 Unauthorized). Use the token that npm run dev printed when the server started (the DASHBOARD_TOKEN setting); it is not the GitHub webhook secret.',
    };
  }
  if (err.status === 400) return { message: `The server rejected the correction: ${err.message}` };
  if (err.status === 404) return { message: 'This issue no longer exists on the server.' };
  if (err.status === 0) return { message: err.message };
  return { message: `The correction failed (${err.status}): ${err.message}` };
}
