import type { Request, Response, NextFunction } from 'express';
import type { Socket } from 'socket.io';
import type { ReadScope } from '../issues/visibility';
import { sendError } from './http-error';
import { bearerToken, tokenMatcher } from '../support/token-check';

/** Who may read issues: holders of the dashboard token, or anyone when `publicRead` (public repositories). */
export interface ReadAccess {
  dashboardToken: string;
  publicRead: boolean;
}

/**
 * The scope of a reader: the dashboard token sees everything; without it, under public read, only the
 * issues of public repositories; otherwise nothing. A wrong token is refused even under public read,
 * so a dashboard with a stale token asks for the right one instead of quietly showing less.
 */
function scopeOf(access: ReadAccess, matches: (t: string | undefined) => boolean, token: string | undefined): ReadScope | { refused: string } {
  if (token) return matches(token) ? 'all' : { refused: 'the dashboard token is wrong: use the DASHBOARD_TOKEN the server was started with' };
  if (access.publicRead) return 'public';
  return { refused: 'no dashboard token was sent: use the dashboard token printed when the server started (DASHBOARD_TOKEN)' };
}

/** Guards the read API (private repositories' issues are as sensitive as their code) and sets the reader's scope. */
export function requireReadAccess(access: ReadAccess) {
  const matches = tokenMatcher(access.dashboardToken);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const token = bearerToken(header);
    if (header && !token) return void sendError(res, 401, 'The Authorization header must be "Bearer <token>" with the dashboard token (DASHBOARD_TOKEN).');
    const scope = scopeOf(access, matches, token);
    if (typeof scope === 'object') return void sendError(res, 401, `Missing or wrong "Authorization: Bearer <token>": ${scope.refused}.`);
    res.locals.readScope = scope;
    next();
  };
}

/** The scope requireReadAccess set; a route it did not guard sees public repositories only. */
export const readScope = (res: Response): ReadScope => (res.locals.readScope as ReadScope | undefined) ?? 'public';

/** Whether this reader showed the dashboard token (always, unless DASHBOARD_PUBLIC_READ is on). */
export const isTokenHolder = (res: Response): boolean => readScope(res) === 'all';

export const SOCKET_UNAUTHORIZED = 'unauthorized';

/**
 * socket.io middleware: the handshake carries `auth: { token }`. A refused handshake reaches the client
 * as `connect_error` whose message starts with "unauthorized", so the dashboard can ask for the token.
 * The scope goes into `socket.data.readScope`: a public reader receives public repositories' events only.
 */
export function socketReadAccess(access: ReadAccess) {
  const matches = tokenMatcher(access.dashboardToken);
  return (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const scope = scopeOf(access, matches, typeof token === 'string' && token ? token : undefined);
    if (typeof scope === 'object') return next(new Error(`${SOCKET_UNAUTHORIZED}: ${scope.refused}; connect with auth: { token: DASHBOARD_TOKEN }`));
    (socket.data as { readScope?: ReadScope }).readScope = scope;
    next();
  };
}
