import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Pretty lines for a person watching `dev` in a terminal; JSON lines everywhere else (a pipe, a file,
 * a log collector, `server` and `worker` in production) and whenever LOG_FORMAT=json says so.
 */
export function prettyLogs(opts: { format: LogFormat; command: string; isTTY: boolean }): boolean {
  if (opts.format !== 'auto') return opts.format === 'pretty';
  return opts.command === 'dev' && opts.isTTY;
}

export interface LoggerOptions {
  level?: string;
  name?: string;
  pretty?: boolean;
  /** Where lines go; stderr by default, so stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
  /** Colours for pretty lines; by default when stderr is a terminal (a thread cannot tell: its caller decides). */
  colorize?: boolean;
}

/** One event per line on stderr: JSON, or short coloured lines when `pretty`. */
export function createLogger(level: string | LoggerOptions = 'info', name = 'triageflow'): Logger {
  const o: LoggerOptions = typeof level === 'string' ? { level, name } : level;
  const options = { name: o.name ?? name, level: o.level ?? 'info', base: { pid: process.pid } };
  if (!o.pretty) return pino(options, o.destination ?? pino.destination(2));
  // In-process and synchronous (not a worker-thread transport), so a fatal line is out before exit.
  return pino(options, pretty({
    destination: o.destination ?? 2,
    colorize: o.colorize ?? (o.destination ? true : Boolean(process.stderr.isTTY)),
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name,component',
    messageFormat: '{if component}{component}: {end}{msg}',
    singleLine: true,
  }));
}

/** A logger that drops everything, for tests and library callers that bring none. */
export const silentLogger: Logger = pino({ level: 'silent' });
