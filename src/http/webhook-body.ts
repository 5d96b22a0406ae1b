import type { Request, RequestHandler, Response } from 'express';

// Reading a webhook body, the part of a delivery that happens before anything is authenticated.
// GitHub never compresses webhook bodies, so a Content-Encoding is refused before a byte is read (a
// 25 KB gzip body inflated to 24 MB in memory, and was hashed once per secret, with no credentials).
// Every body being read counts against one budget of bytes for the whole server: past it a delivery
// gets 503 with Retry-After (GitHub shows it as failed, and it can be redelivered) instead of the
// server's memory growing with each open request.

/** Bytes of webhook bodies held by requests in progress, for the whole server. */
export interface InflightBudget {
  /** Counts `bytes` in; false (and nothing counted) when they do not fit. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  inUse(): number;
}

export function createInflightBudget(maxBytes: number): InflightBudget {
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > maxBytes) return false;
      used += bytes;
      return true;
    },
    give(bytes) {
      used = Math.max(0, used - bytes);
    },
    inUse: () => used,
  };
}

// GitHub sends a delivery's body at once; one that trickles in for longer is not GitHub's.
const READ_TIMEOUT_MS = 10_000;
const RETRY_AFTER_SECONDS = 5;

/** Answers before (or instead of) reading the rest of the body, and closes the connection after. */
function refuse(req: Request, res: Response, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.set({ Connection: 'close', ...headers }).status(status).json({ error: message });
  // Whatever the client still sends is read and dropped, not kept.
  req.unpipe();
  req.resume();
}

/** 415 for any Content-Encoding but identity, before the body is read. */
export const refuseEncodedBodies: RequestHandler = (req, res, next) => {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return next();
  refuse(req, res, 415, `Content-Encoding "${encoding}" is not accepted: GitHub sends webhook bodies uncompressed, so send the JSON as it is (no Content-Encoding).`);
};

/**
 * Reads the body as raw bytes into `req.body` (never inflated), counting them against `budget` while the
 * request is in progress; 413 past `limitBytes`, 503 when the budget is spent, 408 when it trickles.
 */
export function readWebhookBody(opts: { budget: InflightBudget; limitBytes: number; timeoutMs?: number }): RequestHandler {
  const limitMb = Math.round(opts.limitBytes / 1_048_576);
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > opts.limitBytes) return refuse(req, res, 413, `The body is larger than the ${limitMb} MB limit GitHub itself applies to webhooks.`);
    let held = 0;
    let done = false;
    const chunks: Buffer[] = [];
    // The bytes stay counted until the answer is out: the body is in memory until then.
    res.once('close', () => opts.budget.give(held));
    const stop = (status?: number, message?: string, headers?: Record<string, string>) => {
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      chunks.length = 0;
      if (status) refuse(req, res, status, message!, headers);
    };
    const onData = (chunk: Buffer) => {
      if (done) return;
      if (held + chunk.length > opts.limitBytes) return stop(413, `The body is larger than the ${limitMb} MB limit GitHub itself applies to webhooks.`);
      if (!opts.budget.take(chunk.length)) {
        return stop(503, `The server is reading as many webhook bodies as it allows at once (WEBHOOK_MAX_INFLIGHT_MB); nothing was accepted. Redeliver it in ${RETRY_AFTER_SECONDS} s.`, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
      }
      held += chunk.length;
      chunks.push(chunk);
    };
    const timer = setTimeout(() => stop(408, `The body did not arrive within ${(opts.timeoutMs ?? READ_TIMEOUT_MS) / 1000} s; GitHub sends it at once.`), opts.timeoutMs ?? READ_TIMEOUT_MS);
    req.on('data', onData);
    req.once('end', () => {
      if (done) return;
      const body = Buffer.concat(chunks, held);
      stop();
      (req as Request & { body: Buffer }).body = body;
      next();
    });
    req.once('error', () => stop());
  };
}
