import { postCorrection } from './api.js';
import { explainFailure } from './correction.js';
import { prefs } from './prefs.js';

// One-key corrections in the open issue: b f q d o set the category, 0–3 the priority. Nothing is sent
// for UNDO_MS: Undo (the button or `u`) drops it, and keys pressed meanwhile join the same correction.
// Sending late rather than sending a reverse correction keeps the audit trail and the model's lessons clean.

export const UNDO_MS = 5_000;
export const CATEGORY_KEYS = { b: 'bug', f: 'feature', q: 'question', d: 'documentation', o: 'other' };
export const PRIORITY_KEYS = { 0: 'p0', 1: 'p1', 2: 'p2', 3: 'p3' };

const describe = (c) => [c.category && `category ${c.category}`, c.priority && `priority ${c.priority.toUpperCase()}`].filter(Boolean).join(', ');

export function quickCorrect({ toast, text, undoButton, currentIssue, onNeedActor }) {
  let pending = null; // { repo, number, correction, timer }

  function say(message, state) {
    text.textContent = message;
    toast.dataset.state = state;
    undoButton.hidden = state !== 'pending';
    toast.hidden = false;
  }

  async function send() {
    if (!pending) return;
    const { repo, number, correction } = pending;
    clearTimeout(pending.timer);
    pending = null;
    say(`Sending ${describe(correction)} for #${number}…`, 'sending');
    try {
      await postCorrection(repo, number, prefs.token, { ...correction, actor: prefs.actor });
      say(`#${number}: ${describe(correction)} sent ✓`, 'sent');
    } catch (err) {
      say(`#${number} not corrected: ${explainFailure(err).message}`, 'error');
    }
  }

  function undo() {
    if (!pending) return false;
    clearTimeout(pending.timer);
    say(`Undone: #${pending.number} keeps its triage.`, 'undone');
    pending = null;
    return true;
  }

  function propose(field, value) {
    const issue = currentIssue();
    if (!issue) return;
    if (!prefs.actor) return onNeedActor('Enter your name in the correction form once; one-key corrections are recorded under it.');
    if (pending && (pending.repo !== issue.repo || pending.number !== issue.number)) void send();
    pending ??= { repo: issue.repo, number: issue.number, correction: {}, timer: null };
    pending.correction[field] = value;
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => void send(), UNDO_MS);
    say(`#${issue.number}: ${describe(pending.correction)} in ${UNDO_MS / 1000} s`, 'pending');
  }

  undoButton.addEventListener('click', undo);
  return {
    /** Handles a key pressed outside form fields; true when it was one of ours. */
    key(event) {
      if (event.key === 'u') return undo();
      if (!currentIssue()) return false;
      if (event.key in CATEGORY_KEYS) propose('category', CATEGORY_KEYS[event.key]);
      else if (event.key in PRIORITY_KEYS) propose('priority', PRIORITY_KEYS[event.key]);
      else return false;
      return true;
    },
    /** Sends what is waiting now (the page is being left). */
    flush: () => void send(),
  };
}
