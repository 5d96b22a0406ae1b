import { parseGithubEvent } from '../../src/domain/parse-event';
import { realPayload } from '../support/github-examples';

const at = new Date('2026-01-02T03:04:05Z');
const target = { repoId: 77, number: 5, repoFullName: 'octo/app' };

test('an opened issue becomes an event with the facts triage needs', () => {
  const r = parseGithubEvent('issues', 'd-1', realPayload('issues', 'opened', target), at);
  expect(r).toEqual({
    kind: 'event',
    event: expect.objectContaining({
      deliveryId: 'd-1', event: 'issues', action: 'opened', receivedAt: '2026-01-02T03:04:05.000Z',
      issue: expect.objectContaining({ repoId: 77, repoFullName: 'octo/app', number: 5, title: 'Spelling error in the README file', state: 'open', labels: ['bug'], author: 'Codertocat' }),
      repoLabels: [{ name: 'bug', description: "Something isn't working" }],
    }),
  });
});

test.each([
  ['deleted', 'deleted'],
  ['transferred', 'transferred'],
  ['reopened', 'open'],
])('issues.%s gives the issue state %s', (action, state) => {
  const r = parseGithubEvent('issues', 'd', realPayload('issues', action, target), at);
  expect(r.kind === 'event' && r.event.issue.state).toBe(state);
});

test('a null body is an empty string', () => {
  const p = realPayload('issues', 'opened', target);
  p.issue.body = null;
  const r = parseGithubEvent('issues', 'd', p, at);
  expect(r.kind === 'event' && r.event.issue.body).toBe('');
});

test('issue comments carry the comment; pull request comments are ignored', () => {
  const c = realPayload('issue_comment', 'created', target);
  const r = parseGithubEvent('issue_comment', 'd', c, at);
  expect(r.kind === 'event' && r.event.comment).toEqual(expect.objectContaining({ author: expect.any(String) }));
  c.issue.pull_request = {};
  expect(parseGithubEvent('issue_comment', 'd', c, at)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/pull request/) });
});

test('unhandled events and actions are ignored with a reason', () => {
  expect(parseGithubEvent('star', 'd', { action: 'created' }, at)).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/Issues/) });
  expect(parseGithubEvent('issues', 'd', realPayload('issues', 'milestoned', target), at)).toMatchObject({ kind: 'ignored' });
});

test('an assignment names who was assigned and by whom (the triage assistant respects people\'s)', () => {
  const payload = realPayload('issues', 'assigned', target);
  const r = parseGithubEvent('issues', 'd-a', payload, at);
  expect(r).toMatchObject({ kind: 'event', event: { action: 'assigned', assignee: payload.assignee.login, sender: { login: payload.sender.login } } });
  expect(parseGithubEvent('issues', 'd-u', realPayload('issues', 'unassigned', target), at)).toMatchObject({ kind: 'event', event: { action: 'unassigned' } });
});

test('a payload missing what triage reads is invalid, naming the field', () => {
  const p = realPayload('issues', 'opened', target);
  delete p.issue.number;
  expect(parseGithubEvent('issues', 'd', p, at)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/issue\.number/) });
  expect(parseGithubEvent('issues', 'd', null, at)).toMatchObject({ kind: 'ignored' });
});
