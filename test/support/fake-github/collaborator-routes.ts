import type { Routes } from './state';

/**
 * A collaborator's permission on a repository (GET .../collaborators/{username}/permission), as GitHub
 * answers it: the role name, the legacy permission, and the user's permission flags. Roles come from
 * `state.roles` ("owner/name#login", also set by `setPermission`); people the test did not name are maintainers (`state.defaultRole`),
 * so suites about other things need not seed them (suites about outsiders set `defaultRole` to read). A role of `none` answers 404, as for a non-collaborator.
 */
export const collaboratorRoutes: Routes = (req, state) => {
  const m = req.method === 'GET' ? req.path.match(/^\/repos\/([^/]+\/[^/]+)\/collaborators\/([^/]+)\/permission$/) : null;
  if (!m) return undefined;
  const login = decodeURIComponent(m[2]!);
  const role = state.roles.get(`${m[1]!.toLowerCase()}#${login.toLowerCase()}`) ?? state.defaultRole;
  if (role === 'none') return { status: 404, body: { message: `${login} is not a user`, documentation_url: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user' } };
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  const legacy = rank >= 3 ? (role === 'admin' ? 'admin' : 'write') : rank === 2 ? 'write' : 'read';
  const permissions = { pull: rank >= 0, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 };
  return { status: 200, body: { permission: legacy, role_name: role, user: { login, type: 'User', permissions, role_name: role } } };
};
