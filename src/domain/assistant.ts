// The words of the triage assistant that every side shares: what a bug report may lack, and what the
// assistant found. Plain data and constants only, so the workflow sandbox can load this module.

/** What a report may be asked for, in the order a comment lists them. */
export const MISSING_INFO_ITEMS = ['steps', 'expected', 'actual', 'version', 'logs'] as const;
export type MissingInfoItem = (typeof MISSING_INFO_ITEMS)[number];

/** One thing the report lacks, with the reason a person can check on the dashboard. */
export interface MissingItem {
  item: MissingInfoItem;
  reason: string;
}

/** The triage label a security report gets; the repository's config maps it to a GitHub label. */
export const SECURITY_LABEL = 'security';

/** Whether a triage marks the issue as a security report: it then stays off public views and comments. */
export const isSecurityReport = (triage: { labels: string[] } | null | undefined): boolean =>
  Boolean(triage?.labels.some((l) => l.toLowerCase() === SECURITY_LABEL));

/** An event that may be sent to the operator's team; the operator's NOTIFY_EVENTS lists the ones sent. */
export type TeamEvent = 'p0' | 'security' | 'parked';

/** The deterministic id of an issue's event: one notification per issue and kind, however often asked. */
export const teamEventId = (kind: Exclude<TeamEvent, 'parked'>, repoId: number, number: number): string => `${kind}:${repoId}:${number}`;

/** From this score an issue reads as a security report (src/assistant/security explains the rules). */
export const SECURITY_THRESHOLD = 3;

/**
 * The explicit rules' score plus the model's judgement: a model's own "security" label weighs 2, the
 * offline classifier's security words 1 (they are only words), never both.
 */
export function securityScore(rulesScore: number, signal: { model?: boolean; classifier?: boolean }): number {
  return rulesScore + (signal.model ? 2 : signal.classifier ? 1 : 0);
}

/** What the security screen found before the model ran. */
export interface SecurityScreen {
  /** Whether the repository looks for security reports at all (its config's `security`). */
  enabled: boolean;
  rulesScore: number;
  classifierSignal: boolean;
  /** The rules that fired, in words (never the report's). */
  reasons: string[];
  /** The repository lets a security report reach a remote model (`security.llm: true`). */
  llmAllowed: boolean;
}

export const screenSaysSecurity = (s: SecurityScreen | null): boolean =>
  Boolean(s?.enabled && securityScore(s.rulesScore, { classifier: s.classifierSignal }) >= SECURITY_THRESHOLD);

/**
 * The classification as the triage keeps it once the security screen is known: a security report gets
 * the `security` label and priority p0, whatever the model said. A model's own "security" label counts
 * with the rules' score, so a report the rules half-recognised is caught when the model agrees.
 */
export function withSecurityVerdict<C extends { labels: string[]; priority: string; rationale: string }>(classification: C, screen: SecurityScreen | null): { classification: C; security: boolean } {
  if (!screen?.enabled) return { classification, security: false };
  const model = classification.labels.some((l) => /security|vulnerab/i.test(l));
  const security = securityScore(screen.rulesScore, { model, classifier: screen.classifierSignal }) >= SECURITY_THRESHOLD;
  if (!security) return { classification, security: false };
  const labels = [...classification.labels.filter((l) => l.toLowerCase() !== SECURITY_LABEL), SECURITY_LABEL];
  return { classification: { ...classification, labels, priority: 'p0', rationale: `${classification.rationale.trim().replace(/([^.!?])$/, '$1.')} Reads as a security report, so it is p0.`.trim() }, security: true };
}
