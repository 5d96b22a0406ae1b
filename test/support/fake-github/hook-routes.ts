import { createVerify, randomUUID } from 'node:crypto';
import { signBody } from '../../../src/github/sign';
import type { Answer, FakeState, RecordedRequest, Routes } from './state';

// Webhooks and their delivery logs: a repository's hooks (token auth) and a GitHub App's own hook (the
// App's JWT, verified against its public key as GitHub does). A delivery is really sent, signed with the
// hook's secret, to the hook's URL, and its answer logged; a redelivery (POST …/attempts) sends the same
// body again under the same guid, as a new attempt in the log.

export interface FakeHook {
  id: number;
  /** The repository (lower-case) the hook belongs to; null for the App's hook. */
  repo: string | null;
  url: string;
  secret: string;
  active: boolean;
  /** Newest last, as attempts happen. */
  deliveries: FakeDelivery[];
}

export interface FakeDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  status: string;
  event: string;
  action: string | null;
  repository_id: number | null;
  installation_id: number | null;
  body: string;
}

const hooksOf = (state: FakeState, repo: string) => state.repoHooks.get(repo.toLowerCase()) ?? [];

/** A repository webhook posting to `url`, signed with `secret`. */
export function addRepoHook(state: FakeState, repo: string, opts: { url: string; secret: string; active?: boolean }): FakeHook {
  const hook: FakeHook = { id: 9_000 + state.hookCount++, repo: repo.toLowerCase(), url: opts.url, secret: opts.secret, active: opts.active ?? true, deliveries: [] };
  state.repoHooks.set(hook.repo!, [...hooksOf(state, repo), hook]);
  return hook;
}

/** The App's webhook, and the public key the App's JWTs are verified with. */
export function setApp(state: FakeState, app: { id: number; publicKey: string; url: string; secret: string }): FakeHook {
  state.app = { id: app.id, publicKey: app.publicKey };
  state.appHook = { id: 1, repo: null, url: app.url, secret: app.secret, active: true, deliveries: [] };
  return state.appHook;
}

/**
 * GitHub sends `payload` as `event` to the hook. `fail` logs a failed attempt instead of sending (our
 * server down: status 0; or refusing: the status given) and nothing reaches the server.
 */
export async function deliver(state: FakeState, hook: FakeHook, event: string, payload: Record<string, any>, opts: { fail?: number; deliveredAt?: string } = {}): Promise<FakeDelivery> {
  const d: FakeDelivery = {
    id: state.deliveryCount++ + 70_000_000, guid: randomUUID(), delivered_at: opts.deliveredAt ?? new Date().toISOString(), redelivery: false,
    status_code: 0, status: '', event, action: typeof payload.action === 'string' ? payload.action : null,
    repository_id: payload.repository?.id ?? null, installation_id: payload.installation?.id ?? null, body: JSON.stringify(payload),
  };
  hook.deliveries.push(d);
  if (opts.fail !== undefined) Object.assign(d, { status_code: opts.fail, status: opts.fail ? `Invalid HTTP Response: ${opts.fail}` : 'failed to connect to host' });
  else await send(hook, d);
  return d;
}

async function send(hook: FakeHook, d: FakeDelivery): Promise<void> {
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': d.event, 'x-github-delivery': d.guid, 'x-github-hook-id': String(hook.id), 'x-hub-signature-256': signBody(hook.secret, d.body), 'user-agent': 'GitHub-Hookshot/fake' },
      body: d.body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    Object.assign(d, { status_code: res.status, status: res.ok ? 'OK' : `Invalid HTTP Response: ${res.status}` });
  } catch {
    Object.assign(d, { status_code: 0, status: 'failed to connect to host' });
  }
}

const item = ({ body: _body, ...d }: FakeDelivery) => ({ ...d, duration: 0.05, throttled_at: null });

// Newest first, paged with an opaque cursor in the Link header, as GitHub pages a delivery log.
function listDeliveries(state: FakeState, hook: FakeHook, req: RecordedRequest, path: string): Answer {
  const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30));
  const cursor = req.query.get('cursor');
  const newestFirst = [...hook.deliveries].reverse();
  const start = cursor ? newestFirst.findIndex((d) => d.id < Number(Buffer.from(cursor, 'base64url').toString())) : 0;
  const page = start < 0 ? [] : newestFirst.slice(start, start + perPage);
  const more = start >= 0 && start + perPage < newestFirst.length;
  const headers: Record<string, string> = {};
  if (more) {
    const next = new URL(`${state.baseUrl}${path}`);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('cursor', Buffer.from(String(page[page.length - 1]!.id)).toString('base64url'));
    headers.link = `<${next}>; rel="next"`;
  }
  return { status: 200, body: page.map(item), headers };
}

function deliveryRoutes(state: FakeState, hook: FakeHook, req: RecordedRequest, base: string, rest: string): Answer | undefined {
  if (req.method === 'GET' && rest === '') return listDeliveries(state, hook, req, base);
  const m = rest.match(/^\/(\d+)(\/attempts)?$/);
  const d = m ? hook.deliveries.find((x) => x.id === Number(m[1])) : undefined;
  if (!m) return undefined;
  if (!d) return { status: 404, body: { message: 'Not Found' } };
  if (req.method === 'GET' && !m[2]) {
    return { status: 200, body: { ...item(d), url: hook.url, request: { headers: { 'X-GitHub-Event': d.event, 'X-GitHub-Delivery': d.guid }, payload: JSON.parse(d.body) }, response: { headers: {}, payload: null } } };
  }
  if (req.method === 'POST' && m[2]) {
    // GitHub accepts at once and sends the new attempt moments later.
    const attempt: FakeDelivery = { ...d, id: state.deliveryCount++ + 70_000_000, redelivery: true, delivered_at: new Date().toISOString(), status_code: 0, status: 'pending' };
    hook.deliveries.push(attempt);
    setImmediate(() => void send(hook, attempt));
    return { status: 202, body: {} };
  }
  return undefined;
}

/** The App's JWT, verified as GitHub does: RS256 by the App's key, issued by the App, not expired. */
function appJwtProblem(state: FakeState, req: RecordedRequest): Answer | undefined {
  const unauthorized = (message: string): Answer => ({ status: 401, body: { message, documentation_url: 'https://docs.github.com/rest' } });
  const token = /^bearer (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const parts = token?.split('.');
  if (!state.app || !parts || parts.length !== 3) return unauthorized('A JSON web token could not be decoded');
  const signed = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(state.app.publicKey, Buffer.from(parts[2]!, 'base64url'));
  if (!signed) return unauthorized('A JSON web token could not be decoded');
  const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as { iss?: unknown; exp?: number };
  if (String(claims.iss) !== String(state.app.id)) return unauthorized(`'Issuer' claim ('iss') must be an Integer`);
  if (!claims.exp || claims.exp * 1000 < Date.now()) return unauthorized("'Expiration time' claim ('exp') is too far in the future or has passed");
  return undefined;
}

export const hookRoutes: Routes = (req, state) => {
  let m: RegExpMatchArray | null;
  if ((m = req.path.match(/^\/app\/hook\/deliveries(\/.*)?$/))) {
    const refused = appJwtProblem(state, req);
    if (refused) return refused;
    if (!state.appHook) return { status: 404, body: { message: 'Not Found' } };
    return deliveryRoutes(state, state.appHook, req, '/app/hook/deliveries', m[1] ?? '');
  }
  if ((m = req.path.match(/^\/repos\/([^/]+\/[^/]+)\/hooks(?:\/(\d+)(\/deliveries(\/.*)?)?)?$/))) {
    if (state.hooksForbidden.has(m[1]!.toLowerCase())) return { status: 403, body: { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest/webhooks/repos#list-repository-webhooks' } };
    const hooks = hooksOf(state, m[1]!);
    if (req.method === 'GET' && !m[2]) {
      return { status: 200, body: hooks.map((h) => ({ id: h.id, type: 'Repository', name: 'web', active: h.active, events: ['issues', 'issue_comment'], config: { url: h.url, content_type: 'json', insecure_ssl: '0' } })) };
    }
    const hook = hooks.find((h) => h.id === Number(m![2]));
    if (!hook) return { status: 404, body: { message: 'Not Found' } };
    if (m[3]) return deliveryRoutes(state, hook, req, `/repos/${m[1]}/hooks/${hook.id}/deliveries`, m[4] ?? '');
  }
  return undefined;
};
