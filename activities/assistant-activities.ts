import type { NotifyEvent } from '../src/config/notify';
import type { TriageModel } from '../src/ai/types';
import type { GithubClients } from '../src/github/client';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import type { IssueStore } from '../src/issues/store';
import type { AssistantStore } from '../src/assistant/store';
import type { NotificationSender } from '../src/notifications/sender';
import type { NotificationStore } from '../src/notifications/store';
import { createClassifyPrivately } from './classify-privately';
import { createNotifyTeam } from './notify-team';
import { createScreenSecurity } from './screen-security';
import { createAssignmentChange } from './assignment-change';

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
}

/** The triage assistant's activities (issue 26): the security screen, private classification, notifications. */
export function createAssistantActivities(deps: AssistantActivityDeps) {
  return {
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
