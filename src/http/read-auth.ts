import type { Request, Response, NextFunction } from 'express';
import type { Socket } from 'socket.io';
import { requireDashboardToken } from './auth';
import { tokenMatcher } from '../support/token-check';

/** Who may read issues: holders of the dashboard token, or anyone when `publicRead` (public repositories). */
export interface ReadAccess {
  dashboardToken: string;
  publicRead: boolean;
}

/** Guards the read API: private repositories' issues are as sensitive as their code. */
export function requireReadAccess(access: ReadAccess) {
  const check = requireDashboardToken(access.dashboardToken);
  return (req: Request, res: Response, next: NextFunction) => (access.publicRead ? next() : check(req, res, next));
}

export const SOCKET_UNAUTHORIZED = 'unauthorized';

/**
 * socket.io middleware: the handshake carries `auth: { token }`. A refused handshake reaches the client
 * as `connect_error` whose message starts with "unauthorized", so the dashboard can ask for the token.
 */
export function socketReadAccess(access: ReadAccess) {
  const matches = tokenMatcher(access.dashboardToken);
  return (socket: Socket, next: (err?: Error) => void) => {
    if (access.publicRead) return next();
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && matches(token)) return next();
    next(new Error(`${SOCKET_UNAUTHORIZED}: ${typeof token === 'string' && token ? 'the dashboard token is wrong' : 'no dashboard token was sent'}; connect with auth: { token: DASHBOARD_TOKEN }`));
  };
}
