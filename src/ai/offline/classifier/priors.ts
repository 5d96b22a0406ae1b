import { CATEGORIES, type Category } from '../../../domain/triage';
import type { IssueSignals } from './signals';
import type { CleanIssue } from '../text-clean';

// What a maintainer would guess before any issue of this repository has been labelled: issue-template
// headings and answers, title prefixes, stack traces and question phrasing. Each cue adds points to a
// category; the points become probabilities that stay humble, because templates get misused.

export interface Prior {
  probs: Float64Array;
  /** The cues that fired, most telling first, for the rationale. */
  reasons: string[];
}

interface Cue {
  category: Category;
  points: number;
  reason: string;
  test(c: CleanIssue, s: IssueSignals): boolean;
}

const prefixIs = (re: RegExp) => (c: CleanIssue) => c.titlePrefix !== null && re.test(c.titlePrefix);
const headingMatches = (re: RegExp) => (c: CleanIssue) => c.headings.some((h) => re.test(h));
const answerMatches = (re: RegExp) => (c: CleanIssue) => c.answers.some((a) => re.test(a));

const CUES: Cue[] = [
  { category: 'bug', points: 3, reason: 'a bug title prefix', test: prefixIs(/\b(?:bug|defect|crash|regression|fix)\b/) },
  { category: 'feature', points: 3, reason: 'a feature title prefix', test: prefixIs(/\b(?:feature|feat|enhancement|proposal|rfc|request|idea)\b/) },
  { category: 'question', points: 3, reason: 'a question title prefix', test: prefixIs(/\b(?:question|help|support|how to|q)\b/) },
  { category: 'documentation', points: 3, reason: 'a documentation title prefix', test: prefixIs(/\b(?:docs?|documentation|typo)\b/) },
  { category: 'bug', points: 2.5, reason: 'the template says bug', test: answerMatches(/^(?:issue )?(?:type|kind)=bug/) },
  { category: 'feature', points: 2.5, reason: 'the template says feature request', test: answerMatches(/^(?:issue )?(?:type|kind)=(?:feature|enhancement)/) },
  { category: 'question', points: 2.5, reason: 'the template says support', test: answerMatches(/^(?:issue )?(?:type|kind)=(?:support|question)/) },
  { category: 'documentation', points: 2.5, reason: 'the template says documentation', test: answerMatches(/^(?:issue )?(?:type|kind)=doc/) },
  { category: 'bug', points: 1.5, reason: 'bug-template headings (steps to reproduce, expected/actual behaviour)', test: headingMatches(/steps to reproduce|repro steps|reproduction|expected (?:behaviou?r|result)|actual (?:behaviou?r|result)|current behaviou?r|describe the bug/) },
  { category: 'feature', points: 1.5, reason: 'feature-template headings (proposed solution, motivation)', test: headingMatches(/feature|solution you'?d like|proposed (?:solution|api)|motivation|alternatives (?:you'?ve )?considered|use case/) },
  { category: 'question', points: 1.5, reason: 'a question heading', test: headingMatches(/\bquestion\b|what (?:are you|do you) (?:trying|want)/) },
  { category: 'bug', points: 1.5, reason: 'a stack trace', test: (_c, s) => s.stackTrace },
  { category: 'bug', points: 1, reason: 'crash words', test: (_c, s) => s.crash },
  { category: 'bug', points: 1, reason: 'regression words', test: (_c, s) => s.regression },
  { category: 'bug', points: 0.8, reason: 'bug-report phrasing', test: (_c, s) => s.bugPhrase },
  { category: 'bug', points: 0.4, reason: 'error text', test: (_c, s) => s.errorText },
  { category: 'question', points: 1.5, reason: 'a title phrased as a question', test: (_c, s) => s.questionTitle },
  { category: 'question', points: 1, reason: 'question phrasing ("how do I", "is it possible")', test: (_c, s) => s.questionPhrase },
  { category: 'feature', points: 1.2, reason: 'feature-request phrasing ("would be nice", "add support")', test: (_c, s) => s.featurePhrase },
  { category: 'documentation', points: 1.2, reason: 'documentation words', test: (_c, s) => s.docsPhrase },
  { category: 'documentation', points: 1.5, reason: 'documentation words in the title', test: (c) => /\b(?:docs?|documentation|readme|typo)\b/i.test(c.title) },
];

// With no cue at all a bug report is the likeliest reading, by a hair; "documentation" and "other"
// need a cue of their own.
const BASE: Record<Category, number> = { bug: 0.25, feature: 0.2, question: 0.2, documentation: -0.5, other: -0.5 };
// Points are halved before the softmax so that one cue alone cannot claim certainty.
const TEMPERATURE = 0.5;

export function categoryPrior(c: CleanIssue, s: IssueSignals): Prior {
  const points = CATEGORIES.map((cat) => BASE[cat]);
  const fired: Cue[] = [];
  for (const cue of CUES) {
    if (!cue.test(c, s)) continue;
    points[CATEGORIES.indexOf(cue.category)]! += cue.points;
    fired.push(cue);
  }
  const max = Math.max(...points);
  const exp = points.map((p) => Math.exp((p - max) * TEMPERATURE));
  const sum = exp.reduce((a, b) => a + b, 0);
  const probs = Float64Array.from(exp, (e) => e / sum);
  return { probs, reasons: fired.sort((a, b) => b.points - a.points).map((f) => f.reason) };
}
