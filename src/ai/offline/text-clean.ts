// Splits a GitHub issue body into what a reader of the issue would see as prose and what its template,
// code and logs contribute. Issue templates repeat the same headings in every issue of a repository, so
// they are kept apart as features of their own instead of drowning the words a person wrote.

export interface CleanIssue {
  title: string;
  /** "[Bug]", "Feature request:", "fix(ui):" and the like, lower-cased without punctuation. */
  titlePrefix: string | null;
  /** Body text a person wrote: no HTML comments, code, template headings, placeholders or links. */
  prose: string;
  /** Template headings ("steps to reproduce"), lower-cased. */
  headings: string[];
  /** Short answers to template headings ("issue type=bug"), "=none" for "_No response_", and short
   *  "Key: value" lines ("type=bug" from VS Code's issue reporter). */
  answers: string[];
  /** Text of HTML comments: template instructions, which tell which template the author picked. */
  comments: string;
  code: string;
  codeBlocks: number;
  images: number;
}

// Bodies of several hundred kilobytes are pasted logs; the first part says what the issue is about
// and a cap keeps classification within its latency budget.
const MAX_BODY_CHARS = 20_000;

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const FENCED_CODE = /(^|\n)[ \t]*(```|~~~)[^\n]*\n([\s\S]*?)(?:\n[ \t]*\2[ \t]*(?=\n|$)|$)/g;
const IMAGE = /!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>/gi;
const LINK = /https?:\/\/[^\s)>\]]+/g;
const HEADING = /^[ \t]{0,3}(?:#{1,6}[ \t]+(.+?)[ \t#]*|\*\*([^*\n]{3,120}?)\*\*[ \t]*:?)[ \t]*$/;
const PLACEHOLDER = /^(?:_no response_|n\/a|none|no|-|\.|\*|_)$/i;
const TITLE_PREFIX = /^\s*(\[[^\]]{1,40}\]|[A-Za-z][\w ./-]{0,30}(?:\([^)]{0,30}\))?:)\s*/;
const TAGS = /<\/?[a-z][^>]*>/gi;
const KEY_VALUE = /^[-*\s]*([A-Za-z][A-Za-z ]{0,24}):[ \t]*([A-Za-z][\w .-]{0,24})$/;

export function cleanIssue(title: string, body: string): CleanIssue {
  const comments: string[] = [];
  let text = (body ?? '').slice(0, MAX_BODY_CHARS).replace(/\r\n?/g, '\n').replace(HTML_COMMENT, (m) => {
    comments.push(m.slice(4, -3));
    return ' ';
  });
  const code: string[] = [];
  text = text.replace(FENCED_CODE, (_m, lead: string, _fence: string, content: string) => {
    code.push(content);
    return `${lead}\n`;
  });
  let images = 0;
  text = text.replace(IMAGE, () => {
    images++;
    return ' ';
  });
  text = text.replace(LINK, ' ');

  const headings: string[] = [];
  const answers: string[] = [];
  const prose: string[] = [];
  let pendingHeading: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const h = HEADING.exec(raw);
    if (h) {
      pendingHeading = normalizeHeading(h[1] ?? h[2] ?? '');
      if (pendingHeading) headings.push(pendingHeading);
      continue;
    }
    const placeholder = PLACEHOLDER.test(line);
    const kv = KEY_VALUE.exec(line.replace(TAGS, ''));
    if (kv?.[1] && kv[2]) answers.push(`${kv[1].toLowerCase()}=${kv[2].toLowerCase().trim()}`);
    if (pendingHeading) {
      const answer = placeholder ? 'none' : line.toLowerCase().replace(TAGS, '').replace(/[^a-z0-9 ]+/g, ' ').trim();
      if (answer && answer.split(' ').length <= 4) answers.push(`${pendingHeading}=${answer}`);
      pendingHeading = null;
    }
    if (!placeholder) prose.push(line.replace(TAGS, ' '));
  }

  const prefix = TITLE_PREFIX.exec(title ?? '');
  return {
    title: title ?? '',
    titlePrefix: prefix?.[1] ? prefix[1].toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').trim() || null : null,
    prose: prose.join('\n'),
    headings,
    answers,
    comments: comments.join('\n'),
    code: code.join('\n'),
    codeBlocks: code.length,
    images,
  };
}

function normalizeHeading(s: string): string {
  return s.toLowerCase().replace(/[*_`]/g, '').replace(/\s+/g, ' ').replace(/[\s:?.]+$/, '').trim().slice(0, 80);
}
