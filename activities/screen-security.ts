import { assistantOf } from '../src/github/assistant-config';
import type { RepoConfigSource } from '../src/github/repo-config-source';
import type { DeliveryReader } from '../src/inbox/delivery-reader';
import { assessSecurity } from '../src/assistant/security/detect';
import { classifierSecuritySignal } from '../src/assistant/security/signal';
import type { SecurityScreen } from '../src/domain/assistant';
import { readDelivery } from './read-delivery';

/**
 * Reads the issue as the security rules do, before any model sees it: the workflow keeps a security
 * report away from a remote model unless the repository allows it (`security.llm`). Null when the
 * repository does not look for security reports (no `security` in its config).
 */
export function createScreenSecurity(deps: { deliveries: DeliveryReader; repoConfigs: RepoConfigSource }) {
  return async function screenSecurity(input: { deliveryId: string; repoId: number }): Promise<SecurityScreen | null> {
    const event = await readDelivery(deps.deliveries, input.deliveryId);
    const { config } = await deps.repoConfigs.load(event.issue.repoFullName, input.repoId, event.installationId);
    const security = assistantOf(config).security;
    if (!security) return null;
    const { title, body } = event.issue;
    const classifierSignal = classifierSecuritySignal(title, body);
    const verdict = assessSecurity({ title, body, classifierSignal });
    return { enabled: true, rulesScore: verdict.rulesScore, classifierSignal, reasons: verdict.reasons, llmAllowed: security.llm };
  };
}
