import type { OwnerRule } from '../../github/assistant-config';
import { mentionedPaths, pathMatches } from './paths';

// Which owner an issue belongs to: the first rule of the config that matches, by a label on the issue
// (or one the triage gives it), a keyword in its text, or a file path it mentions.

export interface OwnerMatch {
  /** The rule's index in the config. */
  rule: number;
  team: string | null;
  logins: string[];
  balance: boolean;
  /** What matched, in words: 'label "area/parser"', 'keyword "tokenizer"', 'path src/parser/lexer.ts'. */
  matchedBy: string;
}

export function matchOwner(rules: OwnerRule[], issue: { title: string; body: string; labels: string[] }): OwnerMatch | null {
  const text = `${issue.title}\n${issue.body}`;
  const labels = new Set(issue.labels.map((l) => l.toLowerCase()));
  const paths = rules.some((r) => r.paths.length) ? mentionedPaths(text) : [];
  for (const [i, rule] of rules.entries()) {
    const label = rule.labels.find((l) => labels.has(l.toLowerCase()));
    const keyword = label ? undefined : rule.keywords.find((k) => new RegExp(`(?:^|[^\\w])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?:$|[^\\w])`, 'i').test(text));
    let path: string | undefined;
    if (!label && keyword === undefined) for (const p of rule.paths) if ((path = paths.find((m) => pathMatches(p, m)))) break;
    const matchedBy = label ? `label "${label}"` : keyword !== undefined ? `keyword "${keyword}"` : path ? `path ${path}` : null;
    if (matchedBy) return { rule: i, team: rule.team, logins: rule.assign, balance: rule.balance, matchedBy };
  }
  return null;
}

/** With `balance`, the login with the fewest open assigned issues (the config's order breaks ties). */
export function pickBalanced(logins: string[], openAssigned: Map<string, number>): string[] {
  if (logins.length <= 1) return logins;
  let best = logins[0]!;
  for (const l of logins) if ((openAssigned.get(l) ?? 0) < (openAssigned.get(best) ?? 0)) best = l;
  return [best];
}
