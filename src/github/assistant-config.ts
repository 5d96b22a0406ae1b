import { z } from 'zod';
import { NOTIFY_EVENTS, type NotifyEvent } from '../config/notify';
import { MISSING_INFO_ITEMS, type MissingInfoItem } from '../domain/assistant';
import { CATEGORIES, type Category } from '../domain/triage';

// The triage assistant's keys of .github/triageflow.yml (issue 26): missing information, security
// reports, owners, and which notifications the repository turns off. Every one is off until the file
// sets it, so a repository without them sees nothing new.

const labelName = z.string().trim().min(1, 'a label name must not be empty').max(50, 'GitHub label names are at most 50 characters');
const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, 'a GitHub login has letters, digits and single hyphens (at most 39)');
const items = z.array(z.enum(MISSING_INFO_ITEMS, { message: `an item must be one of ${MISSING_INFO_ITEMS.join(', ')}` })).max(MISSING_INFO_ITEMS.length);

const missingInfo = z.object({
  ...Object.fromEntries(CATEGORIES.map((c) => [c, items.optional()])) as Record<Category, z.ZodOptional<typeof items>>,
  label: labelName.optional(),
  /** The comment's opening line, before the list of what is missing. */
  comment: z.string().trim().min(1).max(2000).optional(),
}).strict();

const security = z.union([z.boolean(), z.object({
  label: labelName.nullable().optional(),
  comment: z.union([z.boolean(), z.string().trim().min(1).max(2000)]).optional(),
  advisoryUrl: z.string().trim().regex(/^(?:https:\/\/|\/)\S+$/, 'security.advisoryUrl must be https://… or a path on the repository like /security/advisories/new').optional(),
  llm: z.boolean({ message: 'security.llm must be true or false' }).optional(),
}).strict()]);

const owner = z.object({
  match: z.object({
    labels: z.array(labelName).max(50).optional(),
    keywords: z.array(z.string().trim().min(2).max(100)).max(100).optional(),
    paths: z.array(z.string().trim().min(1).max(300)).max(100).optional(),
  }).strict().refine((m) => Boolean(m.labels?.length || m.keywords?.length || m.paths?.length), 'match needs labels, keywords or paths'),
  assign: z.array(login).max(10, 'GitHub allows at most 10 assignees').optional(),
  team: z.string().trim().min(1).max(100).optional(),
  /** Assign the one login of `assign` with the fewest open assigned issues, instead of all of them. */
  balance: z.boolean().optional(),
}).strict().refine((o) => Boolean(o.assign?.length || o.team), 'an owner needs assign or team');

const notify = z.object(Object.fromEntries(NOTIFY_EVENTS.map((e) => [e, z.literal(false, { message: `notify.${e} can only be false: NOTIFY_EVENTS (set by the operator) says which events are sent, and a repository can only turn them off` }).optional()])) as Record<NotifyEvent, z.ZodOptional<z.ZodLiteral<false>>>).strict();

/** The keys as repo-config.ts's schema takes them. */
export const assistantSchema = {
  missingInfo: missingInfo.optional(),
  security: security.optional(),
  owners: z.array(owner).max(200).optional(),
  notify: notify.optional(),
};

export interface OwnerRule {
  labels: string[];
  keywords: string[];
  paths: string[];
  assign: string[];
  team: string | null;
  balance: boolean;
}

export interface AssistantConfig {
  /** What each category must contain; null: never ask. */
  missingInfo: { items: Partial<Record<Category, MissingInfoItem[]>>; label: string; comment: string | null } | null;
  /** null: security reports are not looked for (the triage is as before). */
  security: { label: string | null; comment: string | null; advisoryUrl: string; llm: boolean } | null;
  /** First match wins. */
  owners: OwnerRule[];
  /** Events this repository turned off. */
  notifyOff: NotifyEvent[];
}

export const DEFAULT_ASSISTANT_CONFIG: AssistantConfig = { missingInfo: null, security: null, owners: [], notifyOff: [] };

export const DEFAULT_MISSING_INFO_LABEL = 'needs-info';
export const DEFAULT_ADVISORY_URL = '/security/advisories/new';
export const DEFAULT_SECURITY_COMMENT = 'Thank you for reporting this. Security issues are best handled in private: please use this repository\'s private vulnerability reporting at {{advisoryUrl}} so the maintainers can follow up there.';

type Parsed = { [K in keyof typeof assistantSchema]?: z.infer<(typeof assistantSchema)[K]> };

export function parseAssistantConfig(f: Parsed): AssistantConfig {
  const mi = f.missingInfo;
  const perCategory = mi ? Object.fromEntries(CATEGORIES.filter((c) => mi[c]?.length).map((c) => [c, [...new Set(mi[c])]])) : {};
  const sec = f.security === true ? {} : f.security || null;
  return {
    missingInfo: mi && Object.keys(perCategory).length ? { items: perCategory, label: mi.label ?? DEFAULT_MISSING_INFO_LABEL, comment: mi.comment ?? null } : null,
    security: sec ? {
      label: sec.label === undefined ? 'security' : sec.label,
      comment: sec.comment === true ? DEFAULT_SECURITY_COMMENT : (typeof sec.comment === 'string' ? sec.comment : null),
      advisoryUrl: sec.advisoryUrl ?? DEFAULT_ADVISORY_URL,
      llm: sec.llm ?? false,
    } : null,
    owners: (f.owners ?? []).map((o) => ({
      labels: o.match.labels ?? [], keywords: o.match.keywords ?? [], paths: o.match.paths ?? [], assign: o.assign ?? [], team: o.team ?? null, balance: o.balance ?? false,
    })),
    notifyOff: NOTIFY_EVENTS.filter((e) => f.notify?.[e] === false),
  };
}

/** The assistant's settings of a config, including one cached before the assistant existed. */
export const assistantOf = (config: { assistant?: AssistantConfig }): AssistantConfig => config.assistant ?? DEFAULT_ASSISTANT_CONFIG;
