// A bug report's body read the way the missing-information rules need it: the sections its headings
// make, the code blocks, and the prose around them. Template instructions (HTML comments) are not the
// author's words and are dropped first.

export interface Section {
  /** The heading as written, without markup; '' for the text before the first heading. */
  heading: string;
  /** The section's text up to the next heading, code blocks included. */
  content: string;
}

export interface ReadBody {
  sections: Section[];
  /** Every fenced code block's content. */
  codeBlocks: string[];
  /** The text outside code blocks, HTML comments and tags removed. */
  prose: string;
}

// Pasted logs run to megabytes; what a report contains shows in its first part.
const MAX_CHARS = 60_000;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const TAGS = /<\/?(?:details|summary|p|br|b|i|em|strong|code|pre|div|span|sub|sup|h[1-6])\b[^>]*>/gi;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;
// An ATX heading, a line that is only bold text ("**Expected behavior**"), or an issue form's "### Label".
const HEADING = /^[ \t]{0,3}(?:#{1,6}[ \t]+(.+?)[ \t#]*|\*\*([^*\n]{2,120}?)\*\*[ \t]*:?|__([^_\n]{2,120}?)__[ \t]*:?)[ \t]*$/;

export function readBody(body: string): ReadBody {
  const text = (body ?? '').slice(0, MAX_CHARS).replace(/\r\n?/g, '\n').replace(HTML_COMMENT, '').replace(TAGS, '');
  const sections: Section[] = [{ heading: '', content: '' }];
  const codeBlocks: string[] = [];
  const prose: string[] = [];
  let fence: string | null = null;
  let block: string[] = [];
  for (const line of text.split('\n')) {
    const current = sections[sections.length - 1]!;
    const opener = FENCE.exec(line);
    if (fence !== null) {
      current.content += `${line}\n`;
      if (opener && opener[1]!.startsWith(fence) && line.trim() === opener[1]) {
        codeBlocks.push(block.join('\n'));
        [fence, block] = [null, []];
      } else block.push(line);
      continue;
    }
    // ```text``` on one line is inline code, not a fence: it opens nothing.
    if (opener && !(line.trim().length > opener[1]!.length * 2 && line.trim().endsWith(opener[1]!))) {
      fence = opener[1]!;
      current.content += `${line}\n`;
      continue;
    }
    if (opener) codeBlocks.push(line.trim().replace(/^`+|`+$/g, ''));
    const heading = HEADING.exec(line);
    if (heading) {
      sections.push({ heading: (heading[1] ?? heading[2] ?? heading[3]!).replace(/[*_`]/g, '').trim(), content: '' });
      continue;
    }
    current.content += `${line}\n`;
    prose.push(line);
  }
  // An unclosed fence still holds what was pasted into it.
  if (fence !== null && block.length) codeBlocks.push(block.join('\n'));
  return { sections, codeBlocks, prose: prose.join('\n') };
}

// What issue forms and people write in a section they leave empty.
const EMPTY_ANSWER = /^(?:_?no response_?|n\/?a|none|nothing|no|-+|\.+|\?+|tbd|todo|null|na|nr|xyz|same as above|as above|see above)$/i;

/** A section's content with blank lines, list markers of empty items and placeholder answers left out. */
export function answerOf(content: string): string {
  const text = content.replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]*$/gm, '').trim();
  return EMPTY_ANSWER.test(text.replace(/[`*_"']/g, '').trim()) ? '' : text;
}
