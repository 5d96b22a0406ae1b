import { FAKE_BOT_LOGIN, FAKE_INSTALLATION_TOKEN, type Routes } from './state';

/** Who the token is, and an App's installation tokens. */
export const authRoutes: Routes = (req) => {
  const { method, path } = req;
  if (method === 'GET' && path === '/user') return { status: 200, body: { login: FAKE_BOT_LOGIN, type: 'User' } };
  if (method === 'GET' && path === '/app') return { status: 200, body: { id: 1, slug: 'triageflow' } };
  if (method === 'POST' && /^\/app\/installations\/(\d+)\/access_tokens$/.test(path)) {
    return { status: 201, body: { token: FAKE_INSTALLATION_TOKEN, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { issues: 'write' } } };
  }
  return undefined;
};
