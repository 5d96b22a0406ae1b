import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createGithubClients } from '../../src/github/client';
import { createPermissionChecker } from '../../src/github/collaborator-permission';
import { DEFAULT_REPO_CONFIG, parseRepoConfig } from '../../src/github/repo-config';
import { reviewNeed } from '../../src/github/review-rule';
import { createWriteGuard } from '../../src/github/write-guard';
import type { TriageResult } from '../../src/domain/triage';
import { startFakeGithub, type FakeGithub } from '../support/fake-github';

// The checks GitHub answers before Triageflow trusts a delivery's word: whether the App's installation
// on a repository is the one the delivery named, and whether a labeler may triage; and the rule that
// holds consequential writes for a person. Real HTTP against the fake GitHub.

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const log = pino({ level: 'silent' });
let github: FakeGithub;
beforeAll(async () => (github = await startFakeGithub()));
afterAll(async () => github?.close());

const clients = (env: NodeJS.ProcessEnv) => createGithubClients(loadConfig({ GITHUB_API_URL: github.url, ...env }).github, log);
const app = () => clients({ GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: privateKey });

describe('the write guard', () => {
  test('an App writes only through the installation GitHub names for the repository, asked once a while', async () => {
    github.state.installations.set('octo/guarded', 31);
    const guard = createWriteGuard(app());
    expect(await guard.check({ repoFullName: 'octo/guarded', installationId: 31 })).toEqual({ ok: true, installationId: 31 });
    const forged = await guard.check({ repoFullName: 'Octo/Guarded', installationId: 99 });
    expect(forged).toEqual({ ok: false, reason: expect.stringMatching(/names App installation 99, but GitHub says the App's installation on Octo\/Guarded is 31: nothing was written/) });
    // A correction from the dashboard names none: GitHub's is used.
    expect(await guard.check({ repoFullName: 'octo/guarded' })).toEqual({ ok: true, installationId: 31 });
    expect(github.requestsTo('GET', /^\/repos\/octo\/guarded\/installation$/)).toHaveLength(1);
  });

  test('an App not installed on the repository writes nothing; a token has no installation to check', async () => {
    github.state.installations.set('octo/elsewhere', null);
    expect(await createWriteGuard(app()).check({ repoFullName: 'octo/elsewhere', installationId: 5 }))
      .toEqual({ ok: false, reason: expect.stringMatching(/App is not installed on octo\/elsewhere \(GitHub answers 404\)/) });
    const before = github.requests.length;
    expect(await createWriteGuard(clients({ GITHUB_TOKEN: 't' })).check({ repoFullName: 'octo/elsewhere', installationId: 5 })).toEqual({ ok: true });
    expect(github.requests.length).toBe(before);
  });

  test('a 5xx from GitHub is thrown, for the activity to retry', async () => {
    github.state.installations.set('octo/flaky', 8);
    github.fail('GET', /^\/repos\/octo\/flaky\/installation$/, { status: 502, message: 'Bad gateway' }, { status: 502, message: 'Bad gateway' }, { status: 502, message: 'Bad gateway' });
    await expect(createWriteGuard(app()).check({ repoFullName: 'octo/flaky', installationId: 8 })).rejects.toMatchObject({ status: 502 });
  });
});

describe('the labeler\'s permission', () => {
  test.each([
    ['admin', true], ['maintain', true], ['write', true], ['triage', true], ['read', false], ['none', false],
  ])('role %s may triage: %s', async (role, may) => {
    github.state.roles.set(`octo/perm#user-${role}`, role);
    const answer = await createPermissionChecker(clients({ GITHUB_TOKEN: 't' })).mayTriage('octo/perm', `user-${role}`);
    expect(answer.mayTriage).toBe(may);
    expect(answer.role).toMatch(role === 'none' ? /not a collaborator/ : new RegExp(`^${role}$`));
  });

  test('answers are kept, per repository and login; without credentials nobody is verified', async () => {
    const checker = createPermissionChecker(clients({ GITHUB_TOKEN: 't' }));
    await checker.mayTriage('octo/kept', 'Alice');
    await checker.mayTriage('octo/kept', 'alice');
    expect(github.requestsTo('GET', /^\/repos\/octo\/kept\/collaborators\/[Aa]lice\/permission$/)).toHaveLength(1);
    expect(await createPermissionChecker(clients({})).mayTriage('octo/kept', 'alice')).toEqual({ mayTriage: false, role: expect.stringMatching(/no GITHUB_TOKEN or GitHub App/) });
  });

  test('403 (the token may not ask) is not permission; a 5xx is retried', async () => {
    github.fail('GET', /^\/repos\/octo\/refused\/collaborators\/bob\/permission$/, { status: 403, message: 'Must have push access' });
    expect(await createPermissionChecker(clients({ GITHUB_TOKEN: 't' })).mayTriage('octo/refused', 'bob')).toEqual({ mayTriage: false, role: expect.stringMatching(/403: Must have push access/) });
    github.fail('GET', /^\/repos\/octo\/down\/collaborators\/bob\/permission$/, ...Array(3).fill({ status: 503, message: 'Unavailable' }));
    await expect(createPermissionChecker(clients({ GITHUB_TOKEN: 't' })).mayTriage('octo/down', 'bob')).rejects.toMatchObject({ status: 503 });
  });
});

describe('the review rule', () => {
  const triage = (over: Partial<TriageResult>): TriageResult => ({ category: 'bug', priority: 'p2', labels: [], confidence: 0.95, rationale: '', duplicateOf: null, model: 'm', ...over });
  const config = parseRepoConfig('confidenceThreshold: 0.6\n');

  test('a confident p2 passes; low confidence waits; a p0 label and a duplicate comment wait whatever the confidence', () => {
    expect(reviewNeed(triage({}), config, null)).toBeUndefined();
    expect(reviewNeed(triage({ confidence: 0.3 }), config, null)).toEqual({ consequential: false, reason: expect.stringMatching(/Confidence 0.30 is below/) });
    expect(reviewNeed(triage({ priority: 'p0', confidence: 1 }), config, null)).toEqual({ consequential: true, reason: expect.stringMatching(/priority label "priority: p0" \(p0\)/) });
    expect(reviewNeed(triage({ duplicateOf: 4 }), config, 'Duplicate of #4.')).toEqual({ consequential: true, reason: expect.stringMatching(/a comment saying it duplicates #4/) });
  });

  test('review.autoApprove lists what a repository writes unreviewed; no p0 label mapped, nothing to hold', () => {
    const auto = parseRepoConfig('review: { autoApprove: [p0, duplicateComment] }\n');
    expect(reviewNeed(triage({ priority: 'p0', duplicateOf: 4 }), auto, 'Duplicate of #4.')).toBeUndefined();
    expect(reviewNeed(triage({ priority: 'p0' }), parseRepoConfig('mapping: { priority: { p0: null } }\n'), null)).toBeUndefined();
    expect(DEFAULT_REPO_CONFIG.review.autoApprove).toEqual([]);
    expect(() => parseRepoConfig('review: { autoApprove: [everything] }\n')).toThrow(/review.autoApprove.0: review.autoApprove may list p0 and duplicateComment/);
  });
});
