import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../log';

/** An error whose status and message go to the client as they are. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export const sendError = (res: Response, status: number, message: string) => res.status(status).json({ error: message });

/** Maps body-parser and route errors to a status and a message that says what to fix; nothing becomes a bare 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string; limit?: number };
    if (err instanceof HttpError) return void sendError(res, err.status, err.message);
    if (e.type === 'entity.too.large') return void sendError(res, 413, `The body is larger than the ${Math.round((e.limit ?? 0) / 1_048_576)} MB limit.`);
    if (e.type === 'entity.parse.failed') return void sendError(res, 400, `The body is not valid JSON: ${e.message}`);
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return void sendError(res, 415, `Unsupported body encoding: ${e.message}. Send UTF-8 JSON.`);
    if (e.status && e.status >= 400 && e.status < 500) return void sendError(res, e.status, e.message ?? 'Bad request');
    log.error({ err, path: req.path }, 'request failed');
    if (!res.headersSent) sendError(res, 500, 'Internal error; it has been logged. Try again, and report it if it persists.');
  };
}
