import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server speaking the parts of the OpenAI REST protocol Triageflow uses, on an ephemeral
// loopback port. Tests point OPENAI_BASE_URL at it, script answers, status codes and delays, and read
// back every request as the provider sent it.

export type Route = '/v1/embeddings' | '/v1/chat/completions';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** Without status and body, the route's normal answer is sent (after `delayMs`, if given). */
export interface ScriptedResponse {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

export interface FakeOpenAI {
  /** Ends in /v1, like OPENAI_BASE_URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  requestsTo(route: Route): RecordedRequest[];
  /** One-shot responses for a route, used in order before the default answer. */
  enqueue(route: Route, ...responses: ScriptedResponse[]): void;
  /** The default chat answer's JSON content. */
  setChatAnswer(answer: Record<string, unknown>): void;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = { category: 'bug', priority: 'p2', labels: [], confidence: 0.8, rationale: 'Looks like a defect.', duplicateOf: null };

/** A complete chat.completion body whose message content is `content` (a string is sent as is). */
export function chatCompletion(content: unknown, usage = { prompt_tokens: 1000, completion_tokens: 50 }) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model: 'fake',
    choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', refusal: null, content: typeof content === 'string' ? content : JSON.stringify(content) } }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

export function apiError(status: number, message: string): ScriptedResponse {
  return { status, body: { error: { message, type: 'fake_error', param: null, code: null } } };
}

/** Deterministic vectors: character trigrams hashed into `dims` buckets, so alike texts are near. */
export function fakeVector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const t = ` ${text.toLowerCase()} `;
  for (let i = 0; i + 3 <= t.length; i += 1) {
    let h = 2166136261;
    for (let j = i; j < i + 3; j += 1) h = Math.imul(h ^ t.charCodeAt(j), 16777619);
    v[(h >>> 0) % dims]! += 1;
  }
  return v;
}

export async function startFakeOpenAI(opts: { nativeDimensions?: number } = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, ScriptedResponse[]>();
  const timers = new Set<NodeJS.Timeout>();
  let chatAnswer: Record<string, unknown> = DEFAULT_ANSWER;

  const defaultResponse = (path: string, body: Record<string, unknown>): ScriptedResponse => {
    if (path === '/v1/embeddings') {
      const input = (Array.isArray(body.input) ? body.input : [body.input]) as string[];
      const dims = typeof body.dimensions === 'number' ? body.dimensions : (opts.nativeDimensions ?? 16);
      const tokens = input.reduce((n, s) => n + Math.ceil(s.length / 4), 0);
      return {
        body: {
          object: 'list',
          model: body.model,
          data: input.map((s, index) => ({ object: 'embedding', index, embedding: fakeVector(s, dims) })),
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        },
      };
    }
    if (path === '/v1/chat/completions') return { body: chatCompletion(chatAnswer) };
    return apiError(404, `Unknown route ${path}`);
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      requests.push({ path, headers: req.headers, body });
      const next = queues.get(path)?.shift();
      const scripted = next && (next.status !== undefined || next.body !== undefined) ? next : { ...defaultResponse(path, body), delayMs: next?.delayMs };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(scripted.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(scripted.body ?? {}));
      };
      if (!scripted.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, scripted.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsTo: (route) => requests.filter((r) => r.path === route),
    enqueue(route, ...responses) {
      queues.set(route, [...(queues.get(route) ?? []), ...responses]);
    },
    setChatAnswer(answer) {
      chatAnswer = answer;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
