import { randomUUID } from 'node:crypto';
import { seededRandom } from '../../src/ai/offline/classifier/rng';
import { issueCommentPayload, issuesPayload } from '../../src/github/sample-payload';
import { signBody } from '../../src/github/sign';

// Fuzzed deliveries against the running dev stack: GitHub-shaped payloads, most of them signed, with one
// or more mutations each (types swapped, numbers past their columns, times that are no times, NUL and
// lone surrogates in strings, fields removed, bodies truncated, wrong events and content types, replays).
// Every answer must be below 500: a 5xx would make GitHub show a delivery as failed that retrying cannot
// fix, or hide an outage that is not one.

type Post = (url: string, headers: Record<string, string>, body: string) => Promise<{ status: number; text: string }>;

const WEIRD_VALUES: unknown[] = [
  null, '', 'infinity', '-infinity', 'NaN', '0000-00-00T00:00:00Z', '2024-13-45T25:61:61Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z',
  0, -1, 1.5, 2 ** 31, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, true, [], {}, 'a\u0000b', '\ud800', 'x'.repeat(70_000), '🦀'.repeat(1_000),
];
const PATHS = [
  ['action'], ['issue', 'number'], ['issue', 'id'], ['issue', 'title'], ['issue', 'body'], ['issue', 'state'], ['issue', 'updated_at'], ['issue', 'created_at'],
  ['issue', 'comments'], ['issue', 'reactions', 'total_count'], ['issue', 'user'], ['issue', 'labels'], ['issue', 'pull_request'], ['repository', 'id'],
  ['repository', 'full_name'], ['repository', 'private'], ['sender'], ['installation', 'id'], ['label', 'name'], ['comment', 'id'], ['comment', 'created_at'],
];

type Json = Record<string, unknown>;

function setPath(obj: Json, path: string[], value: unknown): void {
  let o = obj;
  for (const key of path.slice(0, -1)) {
    if (typeof o[key] !== 'object' || o[key] === null) o[key] = {};
    o = o[key] as Json;
  }
  if (value === undefined) delete o[path[path.length - 1]!];
  else o[path[path.length - 1]!] = value;
}

export async function runFuzz(opts: { url: string; secret: string; count: number; post: Post; seed?: number }) {
  const random = seededRandom(opts.seed ?? 20261207);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];
  let lastBody = '';
  const started = performance.now();
  for (let i = 0; i < opts.count; i++) {
    const repoId = 1 + Math.floor(random() * 50);
    const comment = random() < 0.25;
    const payload: Json = comment
      ? issueCommentPayload({ repoId, repoFullName: `fuzz/repo-${repoId}`, number: 1 + Math.floor(random() * 500) })
      : issuesPayload({ repoId, repoFullName: `fuzz/repo-${repoId}`, number: 1 + Math.floor(random() * 500), action: pick(['opened', 'edited', 'labeled', 'closed', 'reopened', 'deleted', 'transferred', 'assigned']) });
    let event = comment ? 'issue_comment' : 'issues';
    const mutations = Math.floor(random() * 4);
    for (let m = 0; m < mutations; m++) setPath(payload, pick(PATHS), random() < 0.15 ? undefined : pick(WEIRD_VALUES));
    let body = JSON.stringify(payload);
    const r = random();
    if (r < 0.05) body = body.slice(0, Math.floor(random() * body.length));
    else if (r < 0.08) body = lastBody || body; // a replay of the previous body under a new id
    else if (r < 0.1) event = pick(['ping', 'push', 'pull_request', 'issues ', '']);
    lastBody = body;
    const signed = random() < 0.85;
    const headers: Record<string, string> = {
      'content-type': random() < 0.03 ? pick(['application/x-www-form-urlencoded', 'text/plain', '']) : 'application/json',
      'x-github-event': event,
      'x-github-delivery': random() < 0.02 ? 'fixed-delivery-id' : randomUUID(),
      ...(signed ? { 'x-hub-signature-256': signBody(opts.secret, body) } : random() < 0.5 ? { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } : {}),
    };
    if (!headers['x-github-event']) delete headers['x-github-event'];
    const res = await opts.post(opts.url, headers, body);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500 && serverErrors.length < 20) serverErrors.push(`${res.status} ${res.text.slice(0, 300)} ← ${event} ${body.slice(0, 300)}`);
  }
  const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  return {
    mode: 'fuzz', deliveries: opts.count, seconds: +((performance.now() - started) / 1000).toFixed(1),
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)), fivexx, serverErrors,
  };
}
