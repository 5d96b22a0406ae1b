import { MISSING_INFO_ITEMS, type MissingInfoItem } from '../../domain/assistant';

// Which item a section heading asks for. Templates word them many ways ("Repro steps", "Standalone code
// to reproduce the issue", "Current behavior?", "Relevant log output"); a yes/no question such as
// "Have you reproduced the bug with TF nightly?" asks for none of them.

const HEADINGS: [MissingInfoItem, RegExp][] = [
  ['expected', /expect|desired|should happen|intended behaviou?r|what should/i],
  ['actual', /actual|current behaviou?r|what happened|observed|describe the (?:bug|issue|problem)|bug description|detailed description|^description$|^(?:the )?(?:issue|problem)$|what went wrong/i],
  ['logs', /\blogs?\b|\boutput\b|stack ?trace|traceback|call ?stack|backtrace|error message|console|crash report|component stack/i],
  ['steps', /reproduc|\brepro\b|\bsteps?\b|to replicate|standalone code|minimal (?:code|example)|how to trigger|code example/i],
  ['version', /version|^environment|system info|^system$|build info|^software$/i],
];
const QUESTION = /^(?:have|has|did|does|do|is|are|was|were|can|could)\b/i;
// A form field's id often says plainly what it is for.
const ID_ITEMS: Record<string, MissingInfoItem> = { repro: 'steps', reproduction: 'steps', steps: 'steps', expected: 'expected', actual: 'actual', version: 'version', logs: 'logs', log: 'logs' };

export function itemOfHeading(heading: string, id?: string): MissingInfoItem | null {
  const byId = id ? ID_ITEMS[id.toLowerCase().replace(/[-_ ].*$/, '')] ?? (MISSING_INFO_ITEMS as readonly string[]).find((i) => i === id) : undefined;
  if (byId) return byId as MissingInfoItem;
  const text = heading.trim();
  if (QUESTION.test(text)) return null;
  return HEADINGS.find(([, re]) => re.test(text))?.[0] ?? null;
}
