import pino from 'pino';

export type Logger = pino.Logger;

/** One JSON event per line on stderr, so stdout stays free for command output. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'triageflow'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything, for tests and library callers that bring none. */
export const silentLogger: Logger = pino({ level: 'silent' });
