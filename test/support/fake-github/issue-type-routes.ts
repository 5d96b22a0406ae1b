import type { Routes } from './state';

/** An organization's issue types (GET /orgs/{org}/issue-types); an owner without types is not an organization here (404). */
export const issueTypeRoutes: Routes = (req, state) => {
  const m = req.method === 'GET' ? req.path.match(/^\/orgs\/([^/]+)\/issue-types$/) : null;
  if (!m) return undefined;
  const types = state.issueTypes.get(m[1]!.toLowerCase());
  if (!types) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/orgs/issue-types#list-issue-types-for-an-organization' } };
  return { status: 200, body: types.map((name) => state.issueType(`${m[1]}/x`, name)) };
};
