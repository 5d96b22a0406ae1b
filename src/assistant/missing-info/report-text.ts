import type { MissingInfoItem } from '../../domain/assistant';
import { answerOf, readBody } from './markdown';
import { itemOfHeading } from './headings';
import type { IssueTemplate } from './templates';

// A report prepared for the rules: its sections with what each asks for, prose and code apart, logs
// told from code, the template's own text taken out, and the names the product goes by.

export interface ReportSection {
  heading: string;
  item: MissingInfoItem | null;
  /** The author's answer: '' when left empty or answered with a placeholder ("_No response_", "N/A"). */
  answer: string;
}

export interface CodeBlock {
  text: string;
  /** Program output (a log, a trace, test results) rather than code or commands to run. */
  log: boolean;
}

export interface ReportText {
  title: string;
  sections: ReportSection[];
  /** Prose outside code blocks, without task-list lines (pull request checklists). */
  prose: string;
  code: CodeBlock[];
  /** Lower-case names of the product: the repository's name and its parts, and its owner's. */
  aliases: string[];
}

// GitHub's default bug report template: its example lines are not the author's words either.
const DEFAULT_BOILERPLATE = [
  'a clear and concise description of what the bug is.', 'steps to reproduce the behavior:', "1. go to '...'", "2. click on '....'",
  "3. scroll down to '....'", '4. see error', 'a clear and concise description of what you expected to happen.',
  'if applicable, add screenshots to help explain your problem.', 'add any other context about the problem here.',
];
const PLACEHOLDER_LINE = /\[e\.g\.?[^\]]*\]|'\.{3,}'/i;
const TASK_LINE = /^\s*[-*]\s*\[[ xX]?\]/;

export function prepareReport(input: { repo: string; title: string; body: string; templates?: IssueTemplate[] }): ReportText {
  const templates = input.templates ?? [];
  const boilerplate = new Set([...DEFAULT_BOILERPLATE, ...templates.flatMap((t) => t.boilerplate)]);
  const byHeading = new Map<string, MissingInfoItem | null>();
  for (const t of templates) for (const s of t.sections) byHeading.set(s.heading.toLowerCase(), s.item);
  const own = (input.body ?? '').split(/\r?\n/).filter((line) => {
    const l = line.trim().toLowerCase();
    return !(l.length > 2 && (boilerplate.has(l) || PLACEHOLDER_LINE.test(l)));
  }).join('\n');
  const read = readBody(own);
  const sections = read.sections.map((s) => ({
    heading: s.heading,
    item: s.heading ? (byHeading.has(s.heading.toLowerCase()) ? byHeading.get(s.heading.toLowerCase())! : itemOfHeading(s.heading)) : null,
    answer: answerOf(s.content),
  }));
  const [owner = '', name = ''] = input.repo.toLowerCase().split('/');
  const aliases = [...new Set([name, name.replace(/[-_.]/g, ' '), ...name.split(/[-_.]/), owner].filter((a) => a.length >= 2))];
  return {
    title: input.title ?? '',
    sections,
    prose: read.prose.split('\n').filter((l) => !TASK_LINE.test(l)).join('\n'),
    code: read.codeBlocks.filter((c) => c.trim()).map((text) => ({ text, log: isLog(text) })),
    aliases,
  };
}

const LOG_LINE = new RegExp([
  String.raw`^\s*\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d`, String.raw`^\s*\d\d:\d\d:\d\d`, String.raw`\b(?:ERROR|FATAL|WARN(?:ING)?|INFO|DEBUG)\b`,
  String.raw`\b\w*(?:Error|Exception)\b:?`, String.raw`\b(?:error|warning|failed|fatal)\b[:(]`, String.raw`\b[Ff]ailed\b`, String.raw`^\s+at \S`, String.raw`Traceback \(most recent call last\)`,
  String.raw`^\s*File "[^"]+", line \d+`, String.raw`^\s*#\d+\s+0x[0-9a-f]+`, String.raw`Segmentation fault|core dumped|Aborted|panicked at|\bFAIL(?:ED)?\b|\[\s*(?:RUN|OK|FAILED)\s*\]`,
  String.raw`^\s*\$ `, String.raw`^\s*(?:>>>|In \[\d+\]:)`,
].join('|'), 'm');
const CODE_LINE = /^\s*(?:import |from \S+ import|#include|def |class |function |const |let |var |public |int |void |return\b|if\s*\(|for\s*\(|while\s*\(|\w+\s*=\s*\S|\w+(?:\.\w+)*\(.*\)\s*;?\s*$|<\/?[A-Za-z][\w.]*[\s>/])/;

/** A block is a log when more of its lines look like program output than like code. */
function isLog(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim());
  let log = 0;
  let code = 0;
  for (const line of lines.slice(0, 200)) {
    if (/^\s*(?:\$|>>>) /.test(line)) continue;
    if (LOG_LINE.test(line)) log++;
    else if (CODE_LINE.test(line)) code++;
  }
  return log > 0 && log >= code;
}
