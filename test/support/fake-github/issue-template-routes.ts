import type { Routes } from './state';

/** A folder's listing through the contents API, as `.github/ISSUE_TEMPLATE` is read: its files, one level. */
export const issueTemplateRoutes: Routes = (req, state) => {
  let m: RegExpMatchArray | null;
  if (req.method !== 'GET' || !(m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/))) return undefined;
  const dir = decodeURIComponent(m[2]!).replace(/\/+$/, '');
  const files = [...state.repo(m[1]!).files.keys()].filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/'));
  if (files.length === 0) return undefined;
  return { status: 200, body: files.sort().map((path) => ({ type: 'file', name: path.slice(dir.length + 1), path, sha: 'f'.repeat(40) })) };
};
