import type { Routes } from './state';

/** A repository, its App installation and the files on its default branch. */
export const repoRoutes: Routes = (req, state) => {
  const { method, path } = req;
  let m: RegExpMatchArray | null;
  if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)$/))) return { status: 200, body: { id: state.repo(m[1]!).id, full_name: m[1], default_branch: 'main' } };
  if (method === 'GET' && /^\/repos\/([^/]+\/[^/]+)\/installation$/.test(path)) return { status: 200, body: { id: 4242 } };
  if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/))) {
    const text = state.repo(m[1]!).files.get(decodeURIComponent(m[2]!));
    if (text === undefined) return { status: 404, body: { message: 'Not Found' } };
    return { status: 200, body: { type: 'file', encoding: 'base64', name: m[2], path: decodeURIComponent(m[2]!), content: Buffer.from(text).toString('base64') } };
  }
  return undefined;
};
