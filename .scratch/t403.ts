import pino from 'pino';
import { createGithubClients, githubStatus } from '../src/github/client';
import { startFakeGithub } from '../test/support/fake-github';
(async () => {
  const gh = await startFakeGithub();
  gh.issue('a/b', 1, {});
  gh.fail('POST', /labels$/, { status: 403, message: 'Resource not accessible by integration' });
  const c = createGithubClients({ token: 't', apiUrl: gh.url, appId: undefined, appPrivateKey: undefined, botLogin: undefined, writeBack: true, repoConfigTtlMs: 1000 }, pino());
  const o = await c.forRepo('a/b');
  try { await o.issues.addLabels({ owner: 'a', repo: 'b', issue_number: 1, labels: ['x'] }); console.log('no error'); } catch (e: any) { console.log('status', githubStatus(e), e.constructor.name, e.message); }
  console.log(gh.requests.map((r) => r.method + ' ' + r.path));
  await gh.close();
})();
