import type { Routes } from './state';

/**
 * A repository's App installation (GET /repos/{owner}/{repo}/installation) when a test names one in
 * `state.installations`: its id, or 404 when the App is not installed there. Repositories the test did
 * not name fall through to the repository area's default installation.
 */
export const installationRoutes: Routes = (req, state) => {
  const m = req.method === 'GET' ? req.path.match(/^\/repos\/([^/]+\/[^/]+)\/installation$/) : null;
  if (!m || !state.installations.has(m[1]!.toLowerCase())) return undefined;
  const id = state.installations.get(m[1]!.toLowerCase());
  if (id === null) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/apps/apps#get-a-repository-installation-for-the-authenticated-app' } };
  return { status: 200, body: { id, account: { login: m[1]!.split('/')[0] }, repository_selection: 'selected', app_id: 1 } };
};
