import type { FakeRepo, Routes } from './state';

const repoJson = (fullName: string, r: FakeRepo) => ({ id: r.id, full_name: r.fullName ?? fullName, default_branch: 'main', private: false });

/** A repository, its App installation and the files on its default branch. */
export const repoRoutes: Routes = (req, state) => {
  const { method, path } = req;
  let m: RegExpMatchArray | null;
  if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)$/))) {
    // A renamed repository's old name answers with a redirect to the repository, as GitHub's does.
    const renamed = state.renamedFrom.get(m[1]!.toLowerCase());
    if (renamed !== undefined && !state.repos.has(m[1]!.toLowerCase())) return { status: 301, body: { message: 'Moved Permanently' }, headers: { location: `${state.baseUrl}/repositories/${renamed}` } };
    return { status: 200, body: repoJson(m[1]!, state.repo(m[1]!)) };
  }
  if (method === 'GET' && (m = path.match(/^\/repositories\/(\d+)$/))) {
    const found = [...state.repos.entries()].find(([, r]) => r.id === Number(m![1]));
    return found ? { status: 200, body: repoJson(found[1].fullName ?? found[0], found[1]) } : { status: 404, body: { message: 'Not Found' } };
  }
  if (method === 'GET' && /^\/repos\/([^/]+\/[^/]+)\/installation$/.test(path)) return { status: 200, body: { id: 4242 } };
  if (method === 'GET' && (m = path.match(/^\/repos\/([^/]+\/[^/]+)\/contents\/(.+)$/))) {
    const text = state.repo(m[1]!).files.get(decodeURIComponent(m[2]!));
    if (text === undefined) return { status: 404, body: { message: 'Not Found' } };
    return { status: 200, body: { type: 'file', encoding: 'base64', name: m[2], path: decodeURIComponent(m[2]!), content: Buffer.from(text).toString('base64') } };
  }
  return undefined;
};
