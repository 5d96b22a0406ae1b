import pino from 'pino';
import { runUntilSignal } from '../../src/commands/run-until-signal';

test('a part that fails after start stops everything and ends the command with exit code 1', async () => {
  let stopped = 0;
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const exit = runUntilSignal(async () => void stopped++, pino({ level: 'silent' }), failed);
  fail(new Error('worker stopped polling'));
  expect(await exit).toBe(1);
  expect(stopped).toBe(1);
});
