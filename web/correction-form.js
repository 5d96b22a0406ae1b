import { postCorrection } from './api.js';
import { explainFailure, validate } from './correction.js';
import { prefs } from './prefs.js';

const FIELDS = ['category', 'priority', 'labels', 'duplicateOf', 'note', 'actor', 'token'];

/** Wires the correction form in the detail panel. `show(issue)` binds it to an issue; `update(issue)` follows live changes. */
export function correctionForm({ section, form, alert, status, resetButton }) {
  let issue = null;
  let dirty = false;
  let waitingSince = null; // corrections count when our correction was accepted

  const el = (name) => form.elements[name];

  function fill() {
    const t = issue.triage;
    el('category').value = t?.category ?? '';
    el('priority').value = t?.priority ?? '';
    el('labels').value = (t?.labels ?? []).join(', ');
    el('duplicateOf').value = t?.duplicateOf ? String(t.duplicateOf) : '';
    el('note').value = '';
    if (!el('actor').value) el('actor').value = prefs.actor;
    if (!el('token').value) el('token').value = prefs.token;
    dirty = false;
  }

  function showErrors(errors) {
    for (const name of FIELDS) {
      const message = errors[name] ?? '';
      el(name).setAttribute('aria-invalid', message ? 'true' : 'false');
      form.querySelector(`#error-${name}`).textContent = message;
    }
    setAlert(errors.form ?? '');
    const first = FIELDS.find((name) => errors[name]);
    if (first) el(first).focus();
  }

  function setAlert(message) {
    alert.textContent = message;
    alert.hidden = !message;
  }

  const setStatus = (text, tone = '') => {
    status.textContent = text;
    status.dataset.tone = tone;
  };

  async function onSubmit(event) {
    event.preventDefault();
    if (!issue) return;
    const values = Object.fromEntries(FIELDS.map((name) => [name, String(el(name).value)]));
    const { correction, errors } = validate(values, issue);
    showErrors(errors);
    if (Object.keys(errors).length) return;

    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    setStatus('Sending…', 'busy');
    const target = issue;
    // Counted before sending: the socket event can beat the HTTP response.
    const correctionsBefore = (issue.corrections ?? []).length;
    try {
      const result = await postCorrection(target.repo, target.number, values.token.trim(), correction);
      prefs.actor = correction.actor;
      prefs.token = values.token.trim();
      if (issue?.workflowId !== target.workflowId) return; // the person moved on to another issue
      waitingSince = correctionsBefore;
      dirty = false;
      setStatus('Correction accepted; waiting for the workflow to apply it…', 'busy');
      status.title = result?.correctionId ? `Correction id ${result.correctionId}` : '';
      noticeApplied();
      if (waitingSince === null) fill();
    } catch (err) {
      const failure = explainFailure(err);
      setStatus('');
      if (failure.field) {
        el(failure.field).setAttribute('aria-invalid', 'true');
        el(failure.field).focus();
      }
      setAlert(failure.message);
    } finally {
      button.disabled = false;
    }
  }

  function noticeApplied() {
    if (waitingSince !== null && (issue.corrections ?? []).length > waitingSince) {
      waitingSince = null;
      setStatus('Correction applied ✓', 'ok');
    }
  }

  form.addEventListener('submit', (event) => void onSubmit(event));
  form.addEventListener('input', (event) => {
    dirty = true;
    if (event.target.getAttribute('aria-invalid') === 'true') {
      event.target.setAttribute('aria-invalid', 'false');
      const error = form.querySelector(`#error-${event.target.name}`);
      if (error) error.textContent = '';
    }
  });
  resetButton.addEventListener('click', () => {
    if (!issue) return;
    fill();
    showErrors({});
    setStatus('');
  });

  return {
    show(next) {
      const same = issue && issue.repo === next.repo && issue.number === next.number;
      issue = next;
      section.hidden = false;
      if (same) return;
      waitingSince = null;
      fill();
      showErrors({});
      setStatus('');
    },
    update(next) {
      issue = next;
      noticeApplied();
      if (!dirty) fill();
    },
    hide() {
      issue = null;
      section.hidden = true;
    },
  };
}
