import type { GithubApi } from '../github/client';

// What the assistant needs of the write-back path: its writes (labels, comments, assignees), each
// recorded in the ledger with the part of Triageflow that made it, and a dry run that writes nothing
// to GitHub but records what it would have done.

/** The parts of the assistant, as the ledger names the writer of each entry. */
export const ASSISTANT_FEATURES = { missingInfo: 'missing-info', security: 'security', owners: 'owners' } as const;

export interface AssistantWriter {
  readonly dryRun: boolean;
  addLabels(labels: string[], feature: string): Promise<void>;
  /** Takes a label off only when this part of Triageflow put it there and no person has touched it since. */
  removeOwnLabel(label: string, feature: string): Promise<boolean>;
  comment(body: string, feature: string): Promise<number | null>;
  assign(logins: string[], feature: string): Promise<void>;
}

/** The issue on GitHub with a client for reads: present whenever GitHub is configured, dry run or not. */
export interface AssistantTarget {
  owner: string;
  repo: string;
  number: number;
  octokit: GithubApi;
}

export interface OpenedWriter {
  writer: AssistantWriter;
  target: AssistantTarget | null;
}

/** Opens the write path for one issue and one cause (the step of the workflow that led here). */
export type OpenWriter = (ref: { repoId: number; repoFullName: string; number: number; installationId?: number }, cause: { kind: string; ref?: string | null }, dryRun: boolean) => Promise<OpenedWriter>;
