import { notificationBody } from '../../src/notifications/message';
import { createNotificationSender, NotificationRefused } from '../../src/notifications/sender';
import { createNotifyTestCommand } from '../../src/commands/notify-test';
import { startNotificationReceiver, type NotificationReceiver } from '../support/notification-receiver';

const SECRET = 'receiver-secret';
let receiver: NotificationReceiver;
beforeAll(async () => {
  receiver = await startNotificationReceiver(SECRET);
});
afterAll(() => receiver.close());

test('a notification is a Slack-compatible JSON POST signed over its exact bytes', async () => {
  const sender = createNotificationSender({ webhookUrl: receiver.url, secret: SECRET });
  const body = notificationBody({ eventId: 'p0:1:7', kind: 'p0', repo: 'octo/app', number: 7, url: 'https://github.com/octo/app/issues/7', dashboardUrl: null, title: 'Data <lost> & gone', category: 'bug' });
  expect(await sender.send('p0:1:7', body)).toEqual({ status: 200 });
  const got = receiver.received.at(-1)!;
  expect(got.signatureValid).toBe(true);
  expect(got.headers['content-type']).toBe('application/json');
  expect(got.headers['x-triageflow-event-id']).toBe('p0:1:7');
  expect(got.body.text).toBe(':rotating_light: P0 issue: <https://github.com/octo/app/issues/7|octo/app#7> Data &lt;lost&gt; &amp; gone (bug).');
  expect(got.body.blocks[0].text).toEqual({ type: 'mrkdwn', text: got.body.text });
  expect(got.body.triageflow).toMatchObject({ eventId: 'p0:1:7', kind: 'p0', repo: 'octo/app', number: 7 });
});

test('a security notification names the issue and the rules, not its words', () => {
  const body = notificationBody({ eventId: 'security:1:9', kind: 'security', repo: 'octo/app', number: 9, url: null, dashboardUrl: 'https://triage.example/?issue=octo%2Fapp%2F9', reasons: ['an injection', 'a proof of concept'] });
  expect(body.text).toBe(':lock: Possible security report: octo/app#9, triaged p0. It is kept off public views; handle it in private. Rules: an injection; a proof of concept. <https://triage.example/?issue=octo%2Fapp%2F9|Open on the dashboard>');
});

test('refusals say whether retrying can help', async () => {
  const sender = createNotificationSender({ webhookUrl: receiver.url, secret: SECRET });
  const body = notificationBody({ eventId: 'x', kind: 'test', repo: null, number: null, url: null, dashboardUrl: null });
  receiver.failNext(503, 404);
  await expect(sender.send('x', body)).rejects.toMatchObject({ status: 503, retryable: true });
  await expect(sender.send('x', body)).rejects.toMatchObject({ status: 404, retryable: false, message: expect.stringMatching(/answered 404: invalid_payload\. Check NOTIFY_WEBHOOK_URL/) });
  const unreachable = createNotificationSender({ webhookUrl: 'http://127.0.0.1:1/hook', secret: SECRET });
  await expect(unreachable.send('x', body)).rejects.toBeInstanceOf(NotificationRefused);
  await expect(unreachable.send('x', body)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/could not be reached/) });
});

test('npm run cli -- notify-test sends a signed sample and reports what the receiver said', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const command = createNotifyTestCommand({ out: (t) => out.push(t), err: (t) => err.push(t) });
  const env = { DATA_DIR: '/tmp/notify-test', NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: SECRET };
  const before = receiver.received.length;
  expect(await command.run([], env)).toBe(0);
  expect(out.join('')).toMatch(/^Sent a test notification \(event test:[0-9a-f-]+\); the receiver answered 200\. Events sent: p0, security, parked\.\n$/);
  expect(receiver.received.slice(before)).toEqual([expect.objectContaining({ signatureValid: true, status: 200, body: expect.objectContaining({ text: expect.stringMatching(/test notification/) }) })]);
  expect(await command.run([], { ...env, NOTIFY_WEBHOOK_SECRET: 'wrong' })).toBe(1);
  expect(err.join('')).toMatch(/answered 401/);
  expect(await command.run([], { DATA_DIR: '/tmp/notify-test' })).toBe(1);
  expect(err.join('')).toMatch(/NOTIFY_WEBHOOK_URL is not set/);
});
