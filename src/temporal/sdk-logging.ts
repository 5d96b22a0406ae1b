import { Runtime, type LogLevel, type LogMetadata, type Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from '../log';

// The worker SDK keeps one process-wide runtime whose default logger prints every INFO line to the
// console, whatever LOG_LEVEL says. Installing our own before the first worker sends the SDK's lines,
// and the native core's, through pino: one format, one level, one place for an operator to look.

type PinoMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const PINO_METHOD: Record<LogLevel, PinoMethod> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK's level for a pino level; "error", "fatal" and "silent" all keep only errors from the core. */
const sdkLevel = (pinoLevel: string): LogLevel =>
  (Object.keys(PINO_METHOD) as LogLevel[]).find((l) => PINO_METHOD[l] === pinoLevel) ?? 'ERROR';

// The bundler logs webpack's whole report (every module, dozens of lines) at INFO when a worker starts:
// useful when a bundle goes wrong, noise otherwise.
const WEBPACK_REPORT = /webpack \d+\.\d+\.\d+ compiled/;
const levelOf = (level: LogLevel, message: string): LogLevel => (level === 'INFO' && WEBPACK_REPORT.test(message) ? 'DEBUG' : level);

export function pinoSdkLogger(log: Logger): SdkLogger {
  const child = log.child({ component: 'temporal-sdk' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => child[PINO_METHOD[levelOf(level, message)]](meta ?? {}, message);
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}

/**
 * Routes the SDK's logs through `log`. Only the first call in a process can take effect (the runtime
 * is installed once); later calls, and calls after something else created the runtime, do nothing.
 */
export function routeSdkLogs(log: Logger): void {
  if (Runtime.instantiator) return;
  const level = sdkLevel(log.level);
  Runtime.install({
    logger: pinoSdkLogger(log),
    // The core's INFO lines are connection chatter; it speaks at WARN unless someone is debugging.
    telemetryOptions: { logging: { filter: { core: level === 'INFO' ? 'WARN' : level, other: 'ERROR' }, forward: {} } },
  });
}
