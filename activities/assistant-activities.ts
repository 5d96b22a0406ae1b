import type { NotifyEvent } from '../src/config/notify';
import type { TriageModel } from '../src/ai/types';
import type { GithubClients } from '../src/github/client';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { RepoIdentity } from '../src/github/repo-identity';
import type { WriteGuard } from '../src/github/write-guard';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import type { AssistantStore } from '../src/assistant/store';
import type { NotificationSender } from '../src/notifications/sender';
import type { NotificationStore } from '../src/notifications/store';
import { createClassifyPrivately } from './classify-privately';
import { createNotifyTeam } from './notify-team';
import { createScreenSecurity } from './screen-security';
import { createAssignmentChange } from './assignment-change';
import { createAssist, type AssistInput, type AssistResult } from './assist';
import { createAssistantWriterFactory } from './assistant-writer';
import type { LedgerStore } from '../src/github/ledger-store';
import type { Logger } from '../src/log';
import { createTemplateSource } from '../src/assistant/missing-info/template-source';
import { createPermissionSource } from '../src/assistant/permission-source';

export interface AssistantActivityDeps {
  github: GithubClients;
  repoConfigs: RepoConfigSource;
  deliveries: DeliveryReader;
  issues: IssueStore;
  model: TriageModel;
  assistant: AssistantStore;
  notifications: NotificationStore;
  sender: NotificationSender;
  notifyEvents: readonly NotifyEvent[];
  publicUrl?: string;
  ledger: LedgerStore;
  repoIdentity: RepoIdentity;
  writeGuard: WriteGuard;
  /** REPO_CONFIG_TTL: issue templates and permissions are trusted as long as the config. */
  ttlMs: number;
  log: Logger;
}

/** The triage assistant's activities (issue 26): the security screen, private classification, notifications. */
export function createAssistantActivities(deps: AssistantActivityDeps) {
  const assist = createAssist({
    ...deps,
    templates: createTemplateSource({ github: deps.github, store: deps.assistant, ttlMs: deps.ttlMs, log: deps.log }),
    permissions: createPermissionSource({ github: deps.github, store: deps.assistant, ttlMs: deps.ttlMs }),
    openWriter: createAssistantWriterFactory(deps),
  });
  return {
    assist,
    /**
     * The same step without credentials: the repository's config cannot be read, so nothing is turned on
     * and it answers at once as a local activity. Null means credentials are configured: call `assist`.
     */
    assistWithoutCredentials: async (input: AssistInput): Promise<AssistResult | null> => (deps.github.configured ? null : assist(input)),
    screenSecurity: createScreenSecurity(deps),
    classifyPrivately: createClassifyPrivately(deps),
    notifyTeam: createNotifyTeam({ ...deps, events: deps.notifyEvents }),
    /** A notification whose retries ran out shows as failed, with the reason, on the dashboard. */
    recordNotificationFailure: (input: { eventId: string; reason: string }) => deps.notifications.finish(input.eventId, 'failed', input.reason),
    assignmentChange: createAssignmentChange(deps),
    /** The security rules that fired for the issue, kept for the dashboard (never the report's words). */
    recordSecurity: (input: { repoId: number; number: number; security: boolean; reasons: string[] }) => deps.assistant.recordSecurity(input.repoId, input.number, input.security, input.reasons),
  };
}
