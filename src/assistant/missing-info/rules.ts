import type { MissingInfoItem } from '../../domain/assistant';
import type { ReportSection, ReportText } from './report-text';

// One rule per item: is it in the report, and where (or why not). Each looks first for the section a
// template gives it, then for what the item looks like anywhere: numbered steps, code and commands,
// reproduction links; "expected"/"should"; version numbers next to the product's name; stack traces,
// error lines and attached logs.

export type RuleResult = { found: true; evidence: string } | { found: false; reason: string };
export type Rule = (r: ReportText) => RuleResult;

const found = (evidence: string): RuleResult => ({ found: true, evidence });
const absent = (reason: string): RuleResult => ({ found: false, reason });
const words = (text: string) => text.split(/\s+/).filter((w) => /\w/.test(w)).length;
const sectionsFor = (r: ReportText, item: MissingInfoItem) => r.sections.filter((s) => s.item === item);
const quote = (s: ReportSection) => `"${s.heading}"`;
const withoutUrls = (text: string) => text.replace(/https?:\/\/\S+/g, ' ');

// ---- steps ---------------------------------------------------------------------------------------

const REPRO_LINK = /https?:\/\/(?:[\w-]+\.)*(?:codesandbox\.io|csb\.app|stackblitz\.com|jsfiddle\.net|codepen\.io|repl\.it|replit\.com|glitch\.me|snack\.expo\.dev|colab\.research\.google\.com|gist\.github\.com|jsbin\.com|godbolt\.org|play\.golang\.org|playground\b[^\s]*)|https?:\/\/\S*playground\S*/i;
const CANNOT_REPRODUCE = /\b(?:can'?t|cannot|can not|unable to|not able to|couldn'?t|could not|no idea how (?:to|i can|we can)|don'?t know how to|not sure how (?:to|i got))\s+(?:easily\s+|reliably\s+)?(?:reproduce|repro|clarify the steps|get to this point)|\bI don'?t have any\b|\bintermittent(?:ly)?\b|please (?:e-?mail|contact) me for (?:the )?code/i;
const STEP_LINE = /^\s*(?:\d+[.)]|step \d+[:.)]?)\s+\S/i;
const ACTION = String.raw`(?:added|changed|created|removed|deleted|used|tried|typed|pressed|selected|started|opened|closed|launched|clicked|loaded|saved|installed|enabled|disabled|compiled|built|called|run|click|clicking|open|opening|run|running|type|typing|press|pressing|call|calling|use|using|try|trying|select|selecting|start|starting|load|loading|save|saving|enable|enabling|disable|disabling|install|installing|switch|switching|resize|resizing|scroll|scrolling|hover|hovering|drag|dragging|paste|pasting|execute|executing|build|building|compile|compiling|create|creating|add|adding|remove|removing|delete|deleting|set|setting|change|changing|launch|launching|close|closing|reload|reloading|navigate|navigating|go|going|move|moving|edit|editing|write|writing|inspect|inspecting|import|importing|convert|converting|render|rendering|upload|uploading|download|downloading|pass|passing|feed|feeding|visit|visiting|focus|focusing|toggle|toggling|restart|restarting|upgrade|upgrading|update|updating|debug|debugging|connect|connecting|attempt|attempting|access|accessing|train|training|read|reading|make|making|apply|applying|follow|following)`;
const TRIGGER = new RegExp(String.raw`\b(?:when|whenever|after|while|once|if|by|on)\s+(?:i\s+|you\s+|we\s+|the user\s+|a user\s+|users?\s+)?(?:\w+\s+){0,1}${ACTION}\b|\bto reproduce\b|\brepro(?:duce)?(?: steps)?:|\bsteps?:`, 'i');
const GERUND = /(?:^|[.;:!?(]\s*|\b(?:and|by|after|when|while|that|if)\s+)(?:clicking|opening|disabling|enabling|running|typing|pressing|calling|selecting|switching|resizing|scrolling|hovering|dragging|pasting|executing|closing|reloading|navigating|inspecting|loading|saving|installing|uploading|focusing|toggling|restarting|creating|deleting|removing|adding|compiling|converting|importing)\s+(?:the|a|an|this|that|it|my|any|\w+ing\b|[`"'])/im;
// "I use widget 2.4" says what the reporter runs, not what they did.
const PERSON_ACTION = new RegExp(String.raw`\b(?:I|you|we)\s+(?:(?:can(?:'?t| ?not)|cannot|could(?:n'?t| not)?|try(?:ing)? to|tried to|am|was|have|had|'ve|want to|will|then|just|also|first)\s+){0,2}(?!use\b|using\b|used\b)${ACTION}\b`, 'i');
// A named test or test file: running it is the reproduction.
const TEST_NAME = /\b[\w/]+(?:_test|_tests|test_[\w]+|\.test)\.(?:py|js|ts|cpp|mlir)\b|\b\w+\.py\b.*\b(?:fails?|failure|failed)\b|\b(?:fails?|failure|failed)\b.*\b\w+\.py\b|--gtest_filter|\bTest_\w+\.\w+|\b\w+_tests?::\w+/i;
const IMPERATIVE = /^\s*(?:[-*]\s+)?(?:open|click|run|type|press|call|go to|navigate to|create|install|start|launch|select|enable|disable|set|add|use|execute|build|compile|write|load|save|resize|scroll|hover|drag|paste|switch|visit|inspect|make|focus|toggle|reload|restart|have|try|move|delete|remove|edit|import|download|clone|copy|configure|convert|train|with)\b/im;
const CODE_LINK = /https?:\/\/github\.com\/[^/\s]+\/[^/\s]+\/blob\//;
const CODE_LIKE = /[=(){};<>]|^\s*(?:import|from|#include|def|class|function|const|let|var)\b/m;
const COMMAND = /(?:^|\n)\s*(?:\$|>>>|PS>|C:\\>)\s+\S|`(?:npm|npx|yarn|pnpm|pip|python3?|node|git|make|cmake|bazel|cargo|go|docker|bitcoin-cli|bitcoind|code|\.\/)[^`]*`/;

export const steps: Rule = (r) => {
  for (const s of sectionsFor(r, 'steps')) {
    const a = s.answer;
    if (!a) continue;
    if (CANNOT_REPRODUCE.test(a) && !STEP_LINE.test(a)) return absent(`The ${quote(s)} section says the problem cannot be reproduced on demand.`);
    if (/```|~~~/.test(a) || STEP_LINE.test(a) || REPRO_LINK.test(a) || CODE_LINK.test(a) || words(withoutUrls(a)) >= 3) return found(`the ${quote(s)} section`);
  }
  const text = `${r.title}\n${r.prose}`;
  const lines = r.prose.split('\n').filter((l) => STEP_LINE.test(l));
  if (lines.length >= 2) return found(`${lines.length} numbered steps`);
  if (CANNOT_REPRODUCE.test(text)) return absent('The report says the problem cannot be reproduced on demand, and lists no steps or code that trigger it.');
  if (REPRO_LINK.test(`${r.prose}\n${r.sections.map((s) => s.answer).join('\n')}`)) return found('a link to a runnable reproduction');
  const isCode = (c: { text: string; log: boolean }) => !c.log && !/^\s*https?:\/\/[^\n]+$/.test(c.text.trim()) && (c.text.trim().includes('\n') || CODE_LIKE.test(c.text));
  if (r.code.some((c) => isCode(c) || COMMAND.test(c.text))) return found('code or commands to run');
  if (COMMAND.test(r.prose)) return found('a command to run');
  if (TEST_NAME.test(`${text}\n${r.code.map((c) => c.text).join('\n')}`)) return found('the failing test, named');
  if (TRIGGER.test(text) || IMPERATIVE.test(r.prose) || GERUND.test(text) || PERSON_ACTION.test(text)) return found('the action that triggers it, in words');
  const empty = r.sections.find((s) => s.item === 'steps');
  return absent(empty
    ? `The template's ${quote(empty)} section is left empty.`
    : 'No steps to reproduce: no numbered steps, code, commands or reproduction link, and no action that triggers the problem.');
};

// ---- expected ------------------------------------------------------------------------------------

const EXPECTED = /(?<!\bas )\bexpected(?:\s+(?:behaviou?r|result|output|outcome|value))?\s*[:：-]|\bI(?:'m| am| was| would| had)?\s+(?:\w+\s+)?(?:have\s+)?(?:expect|expected|expecting)\b|\b(?:should|shouldn'?t|ought to|(?:is|are|was|were) supposed to|would expect|(?:it|that) would be (?:good|nice|better|great) if)\b|\bunexpected(?:ly)?\b|\bI (?:don'?t |do not )?want\b/i;
// "You should see the error" is a step, "Should X support Y?" a question, "I should" a doubt.
const NOT_EXPECTED = /\byou should\b|\bshould (?:now )?(?:see|get|notice|observe)\b|\b(?:I|if I|whether I) should\b|(?:^|[.!?]\s+)should\b[^.!?\n]*\?/i;

export const expected: Rule = (r) => {
  const s = sectionsFor(r, 'expected').find((x) => words(x.answer) >= 1);
  if (s) return found(`the ${quote(s)} section`);
  for (const sentence of `${r.title}\n${r.prose}`.split(/(?<=[.!?])\s+|\n/)) {
    const m = EXPECTED.exec(sentence);
    if (m && !NOT_EXPECTED.test(sentence)) return found(`"${m[0].trim()}" in the text`);
  }
  const empty = sectionsFor(r, 'expected')[0];
  return absent(empty ? `The template's ${quote(empty)} section is left empty.` : 'Nothing says what should have happened (no "Expected behavior" section, no "I expected …" or "should …").');
};

// ---- actual --------------------------------------------------------------------------------------

const FAILURE = /\b(?:crash\w*|error\w*|fail\w*|exception|broken|wrong\w*|incorrect\w*|doesn'?t|does not|don'?t|didn'?t|isn'?t|aren'?t|won'?t|not|cannot|can'?t|unable|missing|leak\w*|hang\w*|freez\w*|stuck|slow\w*|overflow|abort\w*|segfault|invalid|unexpected\w*|warn\w*|disappear\w*|no longer|breaks?|lost|ignor\w*|stops?)\b/i;

export const actual: Rule = (r) => {
  const s = sectionsFor(r, 'actual').find((x) => words(x.answer) >= 2);
  if (s) return found(`the ${quote(s)} section`);
  const proseWords = words(withoutUrls(r.prose));
  if (proseWords >= 8 && FAILURE.test(`${r.title}\n${r.prose}`)) return found('a description of what happens');
  if (r.code.some((c) => c.log)) return found('the output it gives');
  if (FAILURE.test(r.title) && words(r.title) >= 3) return found('the title says what goes wrong');
  if (proseWords >= 25) return found('a description of what happens');
  return absent('The report does not say what happens: its description is empty or too short to tell.');
};

// ---- version -------------------------------------------------------------------------------------

const VERSION = String.raw`v?\d+(?:\.\d+)+(?:[-+.~][\w.-]*\w)?|[0-9a-f]{7,40}`;
const OTHER_SOFTWARE = /\b(?:python|bazel|gcc|g\+\+|clang|msvc|compiler|cuda|cudnn|gpu|os|operating system|platform|distribution|kernel|node(?:\.js)?|npm|yarn|java|jdk|jre|browser|chrome|chromium|firefox|safari|edge|electron|v8|windows|mac\s?os|osx|linux|ubuntu|debian|fedora|android|ios|numpy|cmake|docker|qt|openssl|boost|protobuf|ram|memory|cpu)\b/i;
const LABELLED_VERSION = new RegExp(String.raw`^[^\n:=]{0,60}?\b(?:version|ver\.?|release|build|commit|tag)\b[^\n:=]{0,30}[:=]?\s*[^\n]*?\b(${VERSION})\b`, 'im');

function productVersion(r: ReportText, text: string): string | null {
  const names = r.aliases.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const named = new RegExp(String.raw`\b(?:${names})(?:[\s_-]+(?:core|version|ver|release))*[\s@:=_-]*\(?(v?\d+(?:\.\d+)*(?:[-+~][\w.-]*\w|\.\d[\w.-]*\w?)?)\b(?!\.\w)`, 'i');
  const m = named.exec(withoutUrls(text));
  if (m && !/^\d{4}$/.test(m[1]!)) return m[0].trim();
  // "OpenCV python: opencv_python_headless-4.7.0": a version on a line naming the product, unless the
  // words right before it name other software ("built with Python 3.8").
  const alias = new RegExp(String.raw`\b(?:${names})`, 'i');
  for (const line of withoutUrls(text).split('\n')) {
    if (!alias.test(line)) continue;
    for (const v of line.matchAll(/(?:^|[^\w.])(v?\d+\.\d+(?:\.\d+)*)\b(?!\.\w)/g)) {
      const before = line.slice(Math.max(0, v.index! - 24), v.index! + 1);
      if (!OTHER_SOFTWARE.test(before.replace(alias, ''))) return line.trim().slice(0, 80);
    }
  }
  for (const line of withoutUrls(text).split('\n')) {
    const l = LABELLED_VERSION.exec(line);
    if (!l) continue;
    const label = line.slice(0, l.index! + l[0].length - l[1]!.length);
    if (label.includes('/')) continue;
    const isHash = !/\./.test(l[1]!);
    if (isHash && !/\b(?:commit|build|sha|revision|rev|head|master|main)\b/i.test(label)) continue;
    if (OTHER_SOFTWARE.test(label) && !new RegExp(`\\b(?:${names})\\b`, 'i').test(label)) continue;
    return line.trim().slice(0, 80);
  }
  const bare = /(?:^|[\s(])(v\d+(?:\.\d+)+)\b/.exec(withoutUrls(text));
  if (bare) return bare[1]!;
  // Built from source: the branch and a link to the commit it was at.
  const commit = /\/commit\/([0-9a-f]{7,40})\b/.exec(text);
  return commit && /\b(?:HEAD|master|main|nightly)\b/.test(text) ? `commit ${commit[1]!.slice(0, 12)}` : null;
}

export const version: Rule = (r) => {
  for (const s of sectionsFor(r, 'version')) {
    if (!s.answer) continue;
    const aboutOther = OTHER_SOFTWARE.test(s.heading) && !r.aliases.some((a) => s.heading.toLowerCase().includes(a));
    if (aboutOther) continue;
    // A section that asks for the version itself ("Version", "DevTools version", a form's version field)
    // takes any version number; one about the whole environment must name the product.
    if (!/environment|system|software|platform|info/i.test(s.heading) && new RegExp(`\\b(?:${VERSION})\\b|\\b\\d+\\b`).test(withoutUrls(s.answer))) return found(`the ${quote(s)} section`);
    const inside = productVersion(r, s.answer);
    if (inside) return found(`"${inside}" in the ${quote(s)} section`);
  }
  const all = `${r.title}\n${r.prose}\n${r.code.filter((c) => !c.log).map((c) => c.text).join('\n')}\n${r.code.filter((c) => c.log).map((c) => c.text.slice(0, 4000)).join('\n')}`;
  const v = productVersion(r, all);
  if (v) return found(`"${v}"`);
  const empty = sectionsFor(r, 'version').find((s) => !OTHER_SOFTWARE.test(s.heading) || r.aliases.some((a) => s.heading.toLowerCase().includes(a)));
  return absent(empty ? `The template's ${quote(empty)} section has no version number.` : 'No version: no version number or commit is given for the software the report is about.');
};

// ---- logs ----------------------------------------------------------------------------------------

const STACK = /^\s+at \S+.*(?::\d+|\(native\)|<anonymous>)|Traceback \(most recent call last\)|^\s*File "[^"]+", line \d+|^\s*#\d+\s+(?:0x[0-9a-f]+|\w+)|Exception in thread|^\s*Caused by: /m;
const ERROR_TEXT = /\b[A-Z]\w*(?:Error|Exception)\b(?::|\s+\w)|\b(?:error|fatal|assertion failed|runtime error|fatal error|panic)\s*[:(]|\bSegmentation fault\b|\bcore dumped\b|\bAborted\b|\bSIG(?:SEGV|ABRT|ILL|BUS)\b|\bcv2\.error\b|\bERROR\b/;
const QUOTED_ERROR = /\b(?:fails?|failed|failing|errors?|throws?|threw|raises?|raised|prints?|printed|reports?|outputs?|returns?|says|shows?|gives?|with)\b[^`\n]{0,30}`[^`\n]{6,}`/i;
const LOG_FILE = /\[[^\]]*\]\([^)]*\.(?:log|txt)\)|https?:\/\/\S+\.(?:log|txt)\b|\bdebug\.log\b/i;

export const logs: Rule = (r) => {
  const s = sectionsFor(r, 'logs').find((x) => words(x.answer) >= 2 || /```/.test(x.answer));
  if (s) return found(`the ${quote(s)} section`);
  const block = r.code.find((c) => c.log || STACK.test(c.text));
  if (block) return found(STACK.test(block.text) ? 'a stack trace' : 'pasted output in a code block');
  const text = `${r.title}\n${r.prose}`;
  if (STACK.test(r.prose)) return found('a stack trace');
  if (LOG_FILE.test(r.prose)) return found('an attached log file');
  const m = ERROR_TEXT.exec(text) ?? QUOTED_ERROR.exec(text);
  if (m) return found(`the error as printed ("${m[0].trim().slice(0, 60)}")`);
  const empty = sectionsFor(r, 'logs')[0];
  return absent(empty ? `The template's ${quote(empty)} section is left empty.` : 'No logs: no stack trace, error output, pasted log or attached log file.');
};

export const RULES: Record<MissingInfoItem, Rule> = { steps, expected, actual, version, logs };
