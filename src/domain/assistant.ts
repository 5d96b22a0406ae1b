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
