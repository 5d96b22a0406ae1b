import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { duration } from '../config/parsers';
import { CATEGORIES, PRIORITIES } from '../domain/triage';
import { type RepoLabel } from '../ai/types';
import { assistantOf, assistantSchema, DEFAULT_ASSISTANT_CONFIG, parseAssistantConfig, type AssistantConfig } from './assistant-config';

// A repository's own settings, from `.github/triageflow.yml` on its default branch. Every key is
// optional: what the file leaves out comes from DEFAULT_REPO_CONFIG, so a file can set one thing.

export const REPO_CONFIG_PATH = '.github/triageflow.yml';

/** Consequential writes a repository may let through without a person's review (review-rule.ts). */
export type AutoApprovable = 'p0' | 'duplicateComment';
export const AUTO_APPROVABLE: readonly AutoApprovable[] = ['p0', 'duplicateComment'];

const labelName = z.string().trim().min(1, 'a label name must not be empty').max(50, 'GitHub label names are at most 50 characters');

const schema = z.object({
  labels: z.array(z.object({ name: labelName, description: z.string().max(100, 'GitHub label descriptions are at most 100 characters').optional() }).strict()).max(200).optional(),
  mapping: z.object({
    category: z.partialRecord(z.enum(CATEGORIES), labelName.nullable()).optional(),
    priority: z.partialRecord(z.enum(PRIORITIES), labelName.nullable()).optional(),
    duplicate: labelName.nullable().optional(),
    // Issue types as the organization defines them (Bug, Feature, Task, …); null: no type for that category.
    type: z.partialRecord(z.enum(CATEGORIES), z.string().trim().min(1, 'an issue type name must not be empty').max(100).nullable()).optional(),
  }).strict().optional(),
  confidenceThreshold: z.number().min(0, 'confidenceThreshold must be between 0 and 1').max(1, 'confidenceThreshold must be between 0 and 1').optional(),
  humanOnlyLabels: z.array(labelName).optional(),
  dryRun: z.boolean({ message: 'dryRun must be true or false' }).optional(),
  duplicateComment: z.string().max(5000).nullable().optional(),
  duplicates: z.object({
    threshold: z.union([
      z.number().min(0, 'duplicates.threshold must be a number between 0 and 1, or auto').max(1, 'duplicates.threshold must be a number between 0 and 1, or auto'),
      z.literal('auto'),
    ], { message: 'duplicates.threshold must be a number between 0 and 1, or auto (the lowest score with precision >= 0.95 on the last `backtest`)' }).optional(),
    // Close-as-duplicate, opt-in: comment, wait this long for an objection, then close.
    close: z.object({ after: duration('duplicates.close.after must be a duration like 30s, 12h or 3d', ['s', 'm', 'h', 'd']) }).strict().nullable().optional(),
  }).strict().optional(),
  review: z.object({
    timeout: duration('review.timeout must be a duration like 90s, 30m, 12h or 3d', ['s', 'm', 'h', 'd']).optional(),
    onTimeout: z.enum(['write', 'skip'], { message: 'review.onTimeout must be "write" (write the labels anyway) or "skip"' }).optional(),
    autoApprove: z.array(z.enum(AUTO_APPROVABLE, { message: `review.autoApprove may list ${AUTO_APPROVABLE.join(' and ')}` })).optional(),
  }).strict().optional(),
  // The triage assistant (issue 26): missingInfo, security, owners, notify.
  ...assistantSchema,
}).strict();

export interface RepoConfig {
  /** Given to the model as the repository's label set, with their descriptions. */
  labels: RepoLabel[];
  categoryLabels: Partial<Record<(typeof CATEGORIES)[number], string | null>>;
  priorityLabels: Partial<Record<(typeof PRIORITIES)[number], string | null>>;
  duplicateLabel: string | null;
  /** The issue type per category; null: Triageflow sets no issue types (the default). */
  typeMapping: Partial<Record<(typeof CATEGORIES)[number], string | null>> | null;
  /** Below it nothing is written until a person approves or corrects (the review queue). */
  confidenceThreshold: number;
  /** Labels Triageflow never adds, even when a mapping names them. */
  humanOnlyLabels: string[];
  /** Show what would be written, write nothing: the default until a repository opts in. */
  dryRun: boolean;
  /** Posted once on a likely duplicate; `{{duplicateOf}}` is the older issue's number. Null: no comment. */
  duplicateComment: string | null;
  /** `autoApprove`: consequential writes written without a person's review (review-rule.ts). */
  review: { timeoutMs: number; onTimeout: 'write' | 'skip'; autoApprove: AutoApprovable[] };
  /** The triage assistant's settings; absent in configs cached before it existed (use assistantOf). */
  assistant?: AssistantConfig;
  /** Close a likely duplicate this long after the comment unless someone objects; null: never (the default). */
  duplicateClose: { afterMs: number } | null;
  /**
   * The fused similarity from which a similar older issue becomes "duplicate of": a number, `auto` (from
   * the repository's last backtest), or null for the global NEAR_DUPLICATE_THRESHOLD.
   */
  duplicateThreshold: number | 'auto' | null;
}

export const DEFAULT_REPO_CONFIG: RepoConfig = {
  labels: [],
  categoryLabels: { bug: 'bug', feature: 'enhancement', question: 'question', documentation: 'documentation', other: null },
  priorityLabels: { p0: 'priority: p0', p1: 'priority: p1', p2: null, p3: null },
  duplicateLabel: 'duplicate',
  typeMapping: null,
  confidenceThreshold: 0.6,
  humanOnlyLabels: [],
  dryRun: true,
  duplicateComment: null,
  review: { timeoutMs: 3 * 86_400_000, onTimeout: 'skip', autoApprove: [] },
  assistant: DEFAULT_ASSISTANT_CONFIG,
  duplicateClose: null,
  duplicateThreshold: null,
};

export class RepoConfigError extends Error {
  override name = 'RepoConfigError';
}

/** Parses the file's text; a bad file throws a RepoConfigError that says where and what to fix. */
export function parseRepoConfig(text: string): RepoConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw new RepoConfigError(`${REPO_CONFIG_PATH} is not valid YAML${where}: ${(err as Error).message.split('\n')[0]}. Fix the file; until then the built-in defaults apply.`);
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ');
    throw new RepoConfigError(`${REPO_CONFIG_PATH} has invalid settings: ${problems}. Fix the file; until then the built-in defaults apply.`);
  }
  const f = parsed.data;
  const d = DEFAULT_REPO_CONFIG;
  return {
    labels: f.labels ?? d.labels,
    categoryLabels: { ...d.categoryLabels, ...f.mapping?.category },
    priorityLabels: { ...d.priorityLabels, ...f.mapping?.priority },
    duplicateLabel: f.mapping?.duplicate === undefined ? d.duplicateLabel : f.mapping.duplicate,
    typeMapping: f.mapping?.type ?? d.typeMapping,
    confidenceThreshold: f.confidenceThreshold ?? d.confidenceThreshold,
    humanOnlyLabels: f.humanOnlyLabels ?? d.humanOnlyLabels,
    dryRun: f.dryRun ?? d.dryRun,
    duplicateComment: f.duplicateComment === undefined ? d.duplicateComment : f.duplicateComment,
    duplicateThreshold: f.duplicates?.threshold ?? d.duplicateThreshold,
    review: {
      timeoutMs: f.review?.timeout ?? d.review.timeoutMs,
      onTimeout: f.review?.onTimeout ?? d.review.onTimeout,
      autoApprove: f.review?.autoApprove ?? d.review.autoApprove,
    },
    assistant: parseAssistantConfig(f),
    duplicateClose: f.duplicates?.close ? { afterMs: f.duplicates.close.after } : d.duplicateClose,
  };
}

/** The category an issue type stands for in the mapping (names without case), if it stands for one. */
export function categoryOfType(config: RepoConfig, typeName: string): (typeof CATEGORIES)[number] | undefined {
  const found = Object.entries(config.typeMapping ?? {}).find(([, name]) => name?.toLowerCase() === typeName.toLowerCase());
  return found?.[0] as (typeof CATEGORIES)[number] | undefined;
}

/** Every label Triageflow may put on an issue: a person's event on one of these is a correction. */
export function managedLabels(config: RepoConfig): Map<string, { field: 'category' | 'priority' | 'duplicate' | 'security'; value: string }> {
  const managed = new Map<string, { field: 'category' | 'priority' | 'duplicate' | 'security'; value: string }>();
  for (const [value, label] of Object.entries(config.categoryLabels)) if (label) managed.set(label.toLowerCase(), { field: 'category', value });
  for (const [value, label] of Object.entries(config.priorityLabels)) if (label) managed.set(label.toLowerCase(), { field: 'priority', value });
  if (config.duplicateLabel) managed.set(config.duplicateLabel.toLowerCase(), { field: 'duplicate', value: 'duplicate' });
  const security = assistantOf(config).security?.label;
  if (security) managed.set(security.toLowerCase(), { field: 'security', value: 'security' });
  return managed;
}
