import type { Request, Response, NextFunction } from 'express';
import { sendError } from './http-error';
import { bearerToken, tokenMatcher } from '../support/token-check';

/** `Authorization: Bearer <DASHBOARD_TOKEN>`; compared in constant time over fixed-length digests. */
export function requireDashboardToken(token: string) {
  const matches = tokenMatcher(token);
  return (req: Request, res: Response, next: NextFunction) => {
    const presented = bearerToken(req.get('authorization'));
    if (!presented) return void sendError(res, 401, 'Missing "Authorization: Bearer <token>": use the dashboard token printed when the server started (DASHBOARD_TOKEN).');
    if (!matches(presented)) return void sendError(res, 401, 'The dashboard token is wrong: use the DASHBOARD_TOKEN the server was started with.');
    next();
  };
}
