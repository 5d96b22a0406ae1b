import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { sendError } from './http-error';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <DASHBOARD_TOKEN>`; compared in constant time over fixed-length digests. */
export function requireDashboardToken(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return void sendError(res, 401, 'Missing "Authorization: Bearer <token>": use the dashboard token printed when the server started (DASHBOARD_TOKEN).');
    if (!timingSafeEqual(digest(match[1]!.trim()), expected)) return void sendError(res, 401, 'The dashboard token is wrong: use the DASHBOARD_TOKEN the server was started with.');
    next();
  };
}
