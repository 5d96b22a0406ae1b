import { getIssue } from './api.js';
import { flash } from './dom.js';
import { issueKey } from './format.js';
import { renderDetail, renderDetailMessage } from './detail.js';
import { showGithubSection } from './github-section.js';
import { showAssistantSection } from './assistant.js';

/** The issue detail panel: loads an issue, follows its live updates, and hosts the correction form. */
export function detailPanel({ aside, layout, parts, form }) {
  let current = null; // { repo, number, key } of the issue the panel shows
  let issue = null;
  let loads = 0;

  const focusTitle = () => aside.querySelector('#detail-title')?.focus({ preventScroll: true });

  function show(detail) {
    issue = detail;
    renderDetail(detail, parts);
    form.show(detail);
    void showGithubSection(parts.more, detail);
    void showAssistantSection(parts.more, detail);
  }

  async function open(ref, { focus = true } = {}) {
    const key = issueKey(ref.repo, ref.number);
    const switching = current?.key !== key;
    current = { repo: ref.repo, number: ref.number, key };
    aside.hidden = false;
    layout.dataset.detail = 'open';
    const load = ++loads;
    if (switching) {
      issue = null;
      form.hide();
      renderDetailMessage(parts, 'Loading…', '');
      aside.querySelector('#detail-scroll').scrollTop = 0;
    }
    try {
      const detail = await getIssue(ref.repo, ref.number);
      if (load !== loads) return; // the person opened another issue meanwhile
      show(detail);
    } catch (err) {
      if (load !== loads) return;
      issue = null;
      form.hide();
      if (err.status === 404) renderDetailMessage(parts, 'Issue not found', `${ref.repo}#${ref.number} is not known to Triageflow.`, 'error');
      else renderDetailMessage(parts, 'Couldn’t load this issue', err.message, 'error');
    }
    if (focus) focusTitle();
  }

  /** Live event: refresh the panel when it shows this issue. */
  function update(detail) {
    if (!current || issueKey(detail.repo, detail.number) !== current.key) return;
    if (issue && Date.parse(issue.updatedAt) > Date.parse(detail.updatedAt)) return;
    const first = issue === null;
    issue = detail;
    renderDetail(detail, parts);
    void showGithubSection(parts.more, detail);
    void showAssistantSection(parts.more, detail);
    if (first) form.show(detail);
    else form.update(detail);
    const header = parts.summary.querySelector('.detail__header');
    if (header) flash(header);
  }

  function close() {
    const closed = current;
    current = null;
    issue = null;
    loads += 1;
    aside.hidden = true;
    delete layout.dataset.detail;
    form.hide();
    return closed;
  }

  return {
    open,
    update,
    close,
    get current() { return current; },
    /** The issue shown, once loaded. */
    get issue() { return issue; },
  };
}
