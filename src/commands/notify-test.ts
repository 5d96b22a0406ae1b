import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config';
import { notificationBody } from '../notifications/message';
import { createNotificationSender, NotificationRefused } from '../notifications/sender';
import { processOutput, UsageError, type Command, type CommandOutput } from './command';

export const notifyTestCommand: Command = createNotifyTestCommand();

/** Sends one signed sample notification to NOTIFY_WEBHOOK_URL, so an operator can check the receiver. */
export function createNotifyTestCommand(io: CommandOutput = processOutput, fetchImpl: typeof fetch = fetch): Command {
  return {
    name: 'notify-test',
    summary: 'Send a signed sample notification to NOTIFY_WEBHOOK_URL',
    usage: 'notify-test   (uses NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET)',
    async run(argv, env) {
      if (argv.length > 0) throw new UsageError(`notify-test takes no arguments (got ${argv.join(' ')})`);
      const config = loadConfig(env);
      if (!config.notify.webhookUrl) {
        io.err('NOTIFY_WEBHOOK_URL is not set: set it (and NOTIFY_WEBHOOK_SECRET) to the receiver, e.g. a Slack incoming webhook, and run this again.\n');
        return 1;
      }
      const sender = createNotificationSender(config.notify, fetchImpl);
      const eventId = `test:${randomUUID()}`;
      const body = notificationBody({ eventId, kind: 'test', repo: null, number: null, url: null, dashboardUrl: config.publicUrl ?? null });
      try {
        const { status } = await sender.send(eventId, body);
        io.out(`Sent a test notification (event ${eventId}); the receiver answered ${status}. Events sent: ${config.notify.events.join(', ') || 'none'}.\n`);
        return 0;
      } catch (err) {
        if (!(err instanceof NotificationRefused)) throw err;
        io.err(`${err.message}\n`);
        return 1;
      }
    },
  };
}
