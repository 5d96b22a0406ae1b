import type { MissingInfoItem } from '../domain/assistant';
import type { Category } from '../domain/triage';
import type { AssistantConfig } from '../github/assistant-config';

// The assistant's rules of when to act, as pure functions of what it knows: asking for missing
// information, and assigning owners. The activity gathers the facts (some from GitHub) and does what
// these say through the write-back path.

export interface AskFacts {
  config: AssistantConfig;
  category: Category | null;
  /** A person triaged the issue (a correction on the dashboard or a managed label on GitHub). */
  corrected: boolean;
  security: boolean;
  /** The one comment was already posted (or, in a dry run, would have been). */
  alreadyAsked: boolean;
}

/** What the repository requires of this category, or null when it asks nothing of it. */
export function requiredItems(config: AssistantConfig, category: Category | null): MissingInfoItem[] | null {
  const items = category ? config.missingInfo?.items[category] : undefined;
  return items?.length ? items : null;
}

/** Why the assistant must not ask (null: it may, if something is missing and the author cannot write). */
export function whyNotAsk(f: AskFacts): string | null {
  if (f.security) return 'It is a security report: nothing about it is discussed in public.';
  if (f.corrected) return 'A person has already triaged this issue.';
  if (f.alreadyAsked) return null;
  return null;
}

export interface AssignFacts {
  /** Logins the matching owner rule names; empty when it names only a team. */
  logins: string[];
  /** Who GitHub shows as assigned now. */
  onIssue: string[];
  /** A person assigned or unassigned someone on this issue before: their choice stands. */
  personChanged: boolean;
  /** What Triageflow assigned before. */
  assignedBefore: string[];
}

/** Why the assistant must not assign (null: it may). */
export function whyNotAssign(f: AssignFacts): string | null {
  if (f.logins.length === 0) return 'The matching owner rule names a team, no logins.';
  if (f.personChanged) return 'A person changed the assignees of this issue; Triageflow leaves them as they are.';
  if (f.onIssue.length) return `Already assigned to ${f.onIssue.join(', ')}.`;
  if (f.assignedBefore.length) return `Triageflow assigned ${f.assignedBefore.join(', ')} before; it assigns an issue once.`;
  return null;
}
