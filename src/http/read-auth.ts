import type { Request, Response, NextFunction } from 'express';
import type { Socket } from 'socket.io';
import { requireDashboardToken } from './auth';
import { bearerToken, tokenMatcher } from '../support/token-check';

/** Who may read issues: holders of the dashboard token, or anyone when `publicRead` (public repositories). */
export interface ReadAccess {
  dashboardToken: string;
  publicRead: boolean;
}

/** Guards the read API: private repositories' issues are as sensitive as their code. */
export function requireReadAccess(access: ReadAccess) {
  const check = requireDashboardToken(access.dashboardToken);
  const matches = tokenMatcher(access.dashboardToken);
  return (req: Request, res: Response, next: NextFunction) => {
    // Under public read, the token still decides who sees security reports (the triage assistant).
    res.locals.tokenHolder = !access.publicRead || matches(bearerToken(req.get('authorization')));
    return access.publicRead ? next() : check(req, res, next);
  };
}

/** Whether this reader showed the dashboard token (always, unless DASHBOARD_PUBLIC_READ is on). */
export const isTokenHolder = (res: Response): boolean => res.locals.tokenHolder === true;

export const SOCKET_UNAUTHORIZED = 'unauthorized';

/**
 * socket.io middleware: the handshake carries `auth: { token }`. A refused handshake reaches the client
 * as `connect_error` whose message starts with "unauthorized", so the dashboard can ask for the token.
 */
export function socketReadAccess(access: ReadAccess) {
  const matches = tokenMatcher(access.dashboardToken);
  return (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const holder = typeof token === 'string' && matches(token);
    // Security reports go only to token holders' sockets, even under public read.
    socket.data.tokenHolder = holder;
    if (access.publicRead || holder) return next();
    next(new Error(`${SOCKET_UNAUTHORIZED}: ${typeof token === 'string' && token ? 'the dashboard token is wrong' : 'no dashboard token was sent'}; connect with auth: { token: DASHBOARD_TOKEN }`));
  };
}
