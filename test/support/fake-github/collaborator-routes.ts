import type { Routes } from './state';

/**
 * A collaborator's permission set with setPermission. Anyone else is answered by reaction-routes.ts
 * (close-as-duplicate's roles, else `read`, as on a public repository): one endpoint, both tests' state.
 */
export const collaboratorRoutes: Routes = (req, state) => {
  const m = req.method === 'GET' ? req.path.match(/^\/repos\/([^/]+\/[^/]+)\/collaborators\/([^/]+)\/permission$/) : null;
  if (!m) return undefined;
  const login = decodeURIComponent(m[2]!);
  const permission = state.permissions.get(m[1]!.toLowerCase())?.get(login.toLowerCase());
  if (permission === undefined) return undefined;
  return { status: 200, body: { permission: permission === 'maintain' || permission === 'triage' ? (permission === 'maintain' ? 'write' : 'read') : permission, role_name: permission, user: { login } } };
};
