import type { CleanIssue } from '../text-clean';

// Cues a maintainer reads at a glance. They feed three consumers: the cold-start priors, the priority
// rules and, as binary features, the trained classifier, which learns how much each one is worth.

export interface IssueSignals {
  stackTrace: boolean;
  errorText: boolean;
  crash: boolean;
  dataLoss: boolean;
  security: boolean;
  regression: boolean;
  questionTitle: boolean;
  questionPhrase: boolean;
  featurePhrase: boolean;
  bugPhrase: boolean;
  docsPhrase: boolean;
}

export type SignalName = keyof IssueSignals;

const STACK_TRACE = [
  /^\s+at [\w$.<>[\]/ -]+ ?\(?[^\s()]*:\d+(?::\d+)?\)?$/m,
  /Traceback \(most recent call last\)/,
  /^\s*File "[^"]+", line \d+/m,
  /^\s*#\d+\s+0x[0-9a-f]{6,}/im,
  /Exception in thread|^\s*Caused by: /m,
];
const ERROR_TEXT = /\b(?:error|exception|fails?|failed|failure|throws?|undefined is not|cannot read propert)/i;
const CRASH = /\b(?:crash(?:es|ed|ing)?|segfault|segmentation fault|core dumped|panic|abort(?:s|ed)?|freez(?:e|es|ing)|hangs?|hanging|unresponsive|oom|out of memory)\b/i;
const DATA_LOSS = /\b(?:data loss|los(?:e|es|t|ing) (?:all |my |the |your )?(?:data|work|changes|files?|funds|coins|wallet)|corrupt(?:s|ed|ion)?|wipes?|wiped)\b/i;
const SECURITY = /\b(?:security|vulnerab\w*|cve-\d{4}|exploit\w*|xss|csrf|injection|remote code execution|privilege escalation|leak(?:s|ed|ing)? (?:credentials|secrets?|keys?|tokens?|passwords?))\b/i;
const REGRESSION = /\b(?:regression|regressed|used to work|worked (?:fine |well |correctly )?(?:before|in|with|until)|no longer (?:works?|working)|stopped working|since (?:upgrading|updating)|after (?:upgrading|updating))\b/i;
const QUESTION_START = /^\s*(?:\[?question\]?:?\s*)?(?:how|what|why|where|when|which|who|is|are|can|could|does|do|should|would|will|any way|is there)\b/i;
const QUESTION_PHRASE = /\b(?:how (?:do|can|could|should|to)|is (?:it|there) (?:possible|a way)|any (?:help|idea|suggestion)|what is the (?:best|right|correct|proper) way|am i (?:missing|doing)|please help|need help|can (?:someone|anyone)|i(?:'m| am) (?:trying|wondering)|i was wondering)\b/i;
const FEATURE_PHRASE = /\b(?:feature request|it would be (?:nice|great|good|useful|helpful)|would (?:like|love) (?:to|if)|add(?:ing)? (?:support|an? option)|support for|please add|allow (?:users?|to|the)|proposal|propose|enhancement|could you add|new (?:option|setting|api|feature))\b/i;
const BUG_PHRASE = /\b(?:bug|steps to reproduce|repro(?:duce|duction)?|expected (?:behaviou?r|result)|actual (?:behaviou?r|result)|doesn'?t work|does not work|not working|broken|wrong|incorrect(?:ly)?|unexpected(?:ly)?)\b/i;
const DOCS_PHRASE = /\b(?:documentation|docs?|readme|typo|tutorial|broken link|dead link|docstring|man page|wiki)\b/i;

export function detectSignals(c: CleanIssue): IssueSignals {
  const all = `${c.title}\n${c.prose}`;
  const withCode = `${all}\n${c.code}`;
  return {
    stackTrace: STACK_TRACE.some((re) => re.test(withCode)),
    errorText: ERROR_TEXT.test(withCode),
    crash: CRASH.test(all),
    dataLoss: DATA_LOSS.test(all),
    security: SECURITY.test(all),
    regression: REGRESSION.test(all),
    questionTitle: /\?\s*$/.test(c.title) || QUESTION_START.test(c.title),
    questionPhrase: QUESTION_PHRASE.test(all),
    featurePhrase: FEATURE_PHRASE.test(all) || c.headings.some((h) => /feature|solution you'?d like|motivation/.test(h)),
    bugPhrase: BUG_PHRASE.test(all) || c.headings.some((h) => /reproduc|repro steps|expected|actual|bug/.test(h)),
    docsPhrase: DOCS_PHRASE.test(all),
  };
}

export const SIGNAL_NAMES: SignalName[] = [
  'stackTrace', 'errorText', 'crash', 'dataLoss', 'security', 'regression',
  'questionTitle', 'questionPhrase', 'featurePhrase', 'bugPhrase', 'docsPhrase',
];
