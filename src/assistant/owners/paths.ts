// File paths an issue mentions: in prose, code spans, stack traces and links to files on GitHub.
// Owners' `paths` are matched against them, so "crash in src/parser/lexer.ts:88" reaches the parser team.

const BLOB_LINK = /https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/(?:blob|tree)\/[^\s/]+\/([^\s#?)\]>"'`]+)/g;
// Two or more segments joined by / (or \ on Windows); the last may carry an extension and a line.
const PATH = /(?:^|[\s(`'"[<=:])((?:\.{0,2}\/|[A-Za-z]:\\)?(?:[\w@.+-]+[/\\])+[\w@.+-]+)/gm;

export function mentionedPaths(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(BLOB_LINK)) found.add(normalise(decodeURIComponent(m[1]!)));
  const quoted = new Set([...text.matchAll(/`([^`\n]+)`/g)].map((m) => normalise(m[1]!.trim())));
  for (const m of text.replace(/https?:\/\/\S+/g, ' ').matchAll(PATH)) {
    const p = normalise(m[1]!);
    const segments = p.split('/').filter(Boolean);
    if (segments.length < 2 || segments.every((s) => /^\d+$/.test(s))) continue;
    // "and/or", "I/O", "read/write" are words, not paths: a path has an extension, depth, a quote or a
    // character words do not have.
    if (/\.\w{1,8}$/.test(p) || segments.length >= 3 || quoted.has(p) || /[_.@-]/.test(p)) found.add(p);
  }
  return [...found];
}

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^[A-Za-z]:\//, '').replace(/^\/+/, '').replace(/^(?:\.\.?\/)+/, '').replace(/^[ab]\/(?=\S)/, '').replace(/(?::\d+)+$|#L\d+(?:-L\d+)?$/, '').replace(/[.,;:)]+$/, '');
}

/**
 * Whether a rule's path covers a mentioned path. `src/parser/` and `src/parser` cover everything under
 * that folder; `*` matches within a segment and `**` across them. A mention may be longer at the front
 * (an absolute path, a checkout folder), so the rule may start at any segment of it.
 */
export function pathMatches(rule: string, mentioned: string): boolean {
  const clean = rule.trim().replace(/^\.?\//, '');
  const body = clean.split('**').map((part) => part.split('*').map(escape).join('[^/]*')).join('.*');
  const pattern = clean.endsWith('/') || !/[*.]/.test(clean.split('/').pop() ?? '') ? `${body.replace(/\/$/, '')}(?:/.*)?` : body;
  return new RegExp(`(?:^|/)${pattern}$`).test(mentioned);
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
