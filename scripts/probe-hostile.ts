/**
 * Probes a real `npm run dev` (DASHBOARD_PUBLIC_READ=1, a temporary DATA_DIR) as an attacker would,
 * along issue 23's bars, and prints the figures as JSON:
 *   npx tsx scripts/probe-hostile.ts [--waves 3] [--fuzz 2000] [--parts bombs,large,...] [--root OTHER_CHECKOUT]
 * - 20 concurrent gzip bombs (25 KB inflating to 24 MB, wrong signature) per wave, declared with
 *   Content-Encoding and not, while a real signed delivery is acknowledged: statuses, the ack's time
 *   and the dev process's RSS (sampled every 20 ms from /proc) against its level just before;
 * - 20 concurrent 24 MB uncompressed bodies with a wrong signature (the in-flight byte budget);
 * - the embedded database: a 13-byte startup packet with a negative length, a client without the
 *   password, then a delivery that must still be triaged;
 * - an Idempotency-Key reused with another body; a private repository's issue read without the token;
 * - signature and input checks, and a fuzz of signed, mutated deliveries (5xx counted).
 * Run it under the heavy lock (flock /tmp/triageflow-heavy.lock ...): it loads the machine.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { issuesPayload } from '../src/github/sample-payload';
import { signBody } from '../src/github/sign';
import { startDevProcess, type DevProcess } from './bench/dev-process';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REPO_ID = 900_000_000 + Math.floor(Math.random() * 1e6);
const PUBLIC = `probe-${REPO_ID}/app`;
const PRIVATE = `probe-${REPO_ID}/secret`;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Samples the process's RSS every 20 ms while `work` runs; the peak and the level before. */
async function watchRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; beforeMb: number; peakMb: number }> {
  const before: number[] = [];
  for (let i = 0; i < 10; i++) {
    before.push(rssMb(pid));
    await sleep(20);
  }
  const beforeMb = before.sort((a, b) => a - b)[5]!;
  let peakMb = beforeMb;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakMb = Math.max(peakMb, rssMb(pid));
      await sleep(20);
    }
  })();
  const result = await work();
  await sleep(500); // what the requests left behind shows up after the answers
  sampling = false;
  await sampler;
  return { result, beforeMb: round(beforeMb), peakMb: round(peakMb) };
}

const round = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triageflow-probe-'));
  const secret = randomBytes(24).toString('hex');
  const dev = await startDevProcess(dataDir, secret, { env: { DASHBOARD_PUBLIC_READ: '1' }, root: arg('root', '') || undefined });
  const report: Record<string, unknown> = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`, loadAverage: os.loadavg().map(round) };
  try {
    const probe = createProbe(dev, secret);
    await probe.deliver(PUBLIC, 1, 'Warm-up: crash when saving');
    await probe.waitTriaged(PUBLIC, 1);
    const parts = arg('parts', 'bombs,large,database,idempotency,private,inputs,fuzz').split(',');
    const run = async (part: string, name: string, work: () => Promise<unknown>) => {
      if (parts.includes(part)) report[name] = await work();
    };
    await run('bombs', 'gzipBombs', () => bombs(dev, probe, Number(arg('waves', '3')), true));
    await run('bombs', 'gzipBombsUndeclared', () => bombs(dev, probe, 1, false));
    await run('large', 'largeBodies', () => largeBodies(dev, probe));
    await run('database', 'database', () => database(dataDir, probe));
    await run('idempotency', 'idempotency', () => probe.idempotency());
    await run('private', 'privateRepository', () => probe.privateRepository());
    await run('inputs', 'inputChecks', () => probe.inputChecks());
    await run('fuzz', 'fuzz', () => probe.fuzz(Number(arg('fuzz', '2000'))));
    report.rssAfterMb = round(rssMb(dev.pid));
  } finally {
    await dev.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

function createProbe(dev: DevProcess, secret: string) {
  const url = `${dev.serverUrl}/webhooks/github`;
  const token = { authorization: 'Bearer bench' };
  const post = async (body: Buffer | string, headers: Record<string, string>) => {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), ...headers } });
    await res.arrayBuffer();
    return { status: res.status, ms: round(performance.now() - started) };
  };
  const payload = (repo: string, number: number, title: string, isPrivate = false) => {
    const p = issuesPayload({ repoId: repo === PRIVATE ? REPO_ID + 1 : REPO_ID, repoFullName: repo, number, title, body: 'Steps: open, save. Actual: the app crashes.' }) as { repository: Record<string, unknown> };
    p.repository.private = isPrivate;
    return JSON.stringify(p);
  };
  const signed = (body: string, key = secret) => ({ 'x-hub-signature-256': signBody(key, body) });
  const read = async (p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${dev.serverUrl}${p}`, { headers });
    return { status: res.status, body: (await res.json().catch(() => null)) as { status?: string; total?: number } | null };
  };
  const probe = {
    post,
    async deliver(repo: string, number: number, title: string, isPrivate = false) {
      const body = payload(repo, number, title, isPrivate);
      return post(body, signed(body));
    },
    async waitTriaged(repo: string, number: number, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const r = await read(`/api/issues/${repo}/${number}`, token);
        if (r.status === 200 && r.body?.status === 'triaged') return true;
        await sleep(200);
      }
      return false;
    },
    async idempotency() {
      await probe.deliver(PUBLIC, 2, 'How do I export a CSV?');
      await probe.waitTriaged(PUBLIC, 2);
      const correct = async (category: string) => (await fetch(`${dev.serverUrl}/api/issues/${PUBLIC}/2/corrections`, {
        method: 'POST', headers: { ...token, 'content-type': 'application/json', 'idempotency-key': 'probe-key' }, body: JSON.stringify({ category, actor: 'probe' }),
      })).status;
      return { first: await correct('documentation'), sameKeyOtherBody: await correct('question'), sameKeySameBody: await correct('documentation') };
    },
    async privateRepository() {
      await probe.deliver(PRIVATE, 1, 'Internal: the billing key leaks', true);
      const triaged = await probe.waitTriaged(PRIVATE, 1);
      const list = await read(`/api/issues?repo=${PRIVATE}`);
      return { triaged, withoutToken: (await read(`/api/issues/${PRIVATE}/1`)).status, listedWithoutToken: list.body?.total ?? list.status, withToken: (await read(`/api/issues/${PRIVATE}/1`, token)).status };
    },
    async inputChecks() {
      const body = payload(PUBLIC, 9, 'A real issue');
      const bad = '{"action":"opened",';
      return {
        wrongSecret: (await post(body, signed(body, 'not-the-secret'))).status,
        noSignature: (await post(body, {})).status,
        signedBadJson: (await post(bad, signed(bad))).status,
        formEncoded: (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), ...signed(body) } })).status,
        healthzWithoutToken: (await read('/healthz')).body,
      };
    },
    async fuzz(n: number) {
      const statuses: Record<string, number> = {};
      const mutate = (s: string) => {
        const chars = [...s];
        for (let i = 0; i < 3; i++) chars[Math.floor(Math.random() * chars.length)] = String.fromCharCode(32 + Math.floor(Math.random() * 95));
        return chars.join('');
      };
      for (let i = 0; i < n; i += 20) {
        const batch = Array.from({ length: Math.min(20, n - i) }, (_, k) => {
          const body = mutate(payload(PUBLIC, 100 + ((i + k) % 500), `Fuzzed issue ${i + k}`));
          return post(body, signed(body));
        });
        for (const r of await Promise.all(batch)) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
      return { deliveries: n, statuses, fivexx: Object.entries(statuses).filter(([s]) => s.startsWith('5')).reduce((a, [, c]) => a + c, 0) };
    },
  };
  return probe;
}

/** Waves of 20 gzip bombs with a wrong signature, and a real delivery acknowledged meanwhile. */
async function bombs(dev: DevProcess, probe: ReturnType<typeof createProbe>, waves: number, declared: boolean) {
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"action":"opened","x":"'), Buffer.alloc(24 * 1024 * 1024, 0x61), Buffer.from('"}')]));
  const results = [];
  for (let wave = 0; wave < waves; wave++) {
    const { result, beforeMb, peakMb } = await watchRss(dev.pid, async () => {
      const sent = Array.from({ length: 20 }, () => probe.post(bomb, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, ...(declared ? { 'content-encoding': 'gzip' } : {}) }));
      await sleep(5);
      const ack = await probe.deliver(PUBLIC, 10 + wave + (declared ? 0 : 50), `Real delivery during gzip bombs ${wave}`);
      return { ack, bombs: await Promise.all(sent) };
    });
    const statuses: Record<number, number> = {};
    for (const b of result.bombs) statuses[b.status] = (statuses[b.status] ?? 0) + 1;
    results.push({ bombKb: round(bomb.length / 1024), statuses, ackStatus: result.ack.status, ackMs: result.ack.ms, rssBeforeMb: beforeMb, rssPeakMb: peakMb, rssRiseMb: round(peakMb - beforeMb) });
  }
  return results;
}

/** 20 concurrent uncompressed 24 MB bodies with a wrong signature: the in-flight byte budget. */
async function largeBodies(dev: DevProcess, probe: ReturnType<typeof createProbe>) {
  const body = Buffer.concat([Buffer.from('{"action":"opened","x":"'), Buffer.alloc(24 * 1024 * 1024, 0x61), Buffer.from('"}')]);
  const { result, beforeMb, peakMb } = await watchRss(dev.pid, async () => {
    const sent = Array.from({ length: 20 }, () => probe.post(body, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }).catch(() => ({ status: 0, ms: 0 })));
    await sleep(5);
    const ack = await probe.deliver(PUBLIC, 70, 'Real delivery during large bodies');
    return { ack, all: await Promise.all(sent) };
  });
  const statuses: Record<number, number> = {};
  for (const b of result.all) statuses[b.status] = (statuses[b.status] ?? 0) + 1;
  return { statuses, ackStatus: result.ack.status, ackMs: result.ack.ms, rssBeforeMb: beforeMb, rssPeakMb: peakMb, rssRiseMb: round(peakMb - beforeMb) };
}

/** The embedded database's port, attacked; the stack must go on triaging. */
async function database(dataDir: string, probe: ReturnType<typeof createProbe>) {
  const url = new URL((JSON.parse(fs.readFileSync(path.join(dataDir, 'embedded-db.json'), 'utf8')) as { url: string }).url);
  const malformed = await new Promise<string>((resolve) => {
    const socket = net.connect(Number(url.port), '127.0.0.1', () => socket.write(Buffer.from([0xff, 0xff, 0xff, 0xf3, 0, 3, 0, 0, 0x75, 0x73, 0x65, 0x72, 0])));
    const got: Buffer[] = [];
    socket.on('data', (c) => got.push(c));
    socket.on('error', (err) => resolve(`error: ${err.message}`));
    socket.on('close', () => resolve(Buffer.concat(got).toString('latin1').replace(/[^\x20-\x7e]+/g, ' ').trim() || 'closed'));
  });
  url.password = '';
  const withoutPassword = await new pg.Client({ connectionString: url.toString() }).connect().then(() => 'connected', (err: Error) => `refused: ${err.message}`);
  url.password = 'guess';
  const wrongPassword = await new pg.Client({ connectionString: url.toString() }).connect().then(() => 'connected', (err: Error) => `refused: ${err.message}`);
  const ack = await probe.deliver(PUBLIC, 80, 'Delivery after the malformed wire message');
  return { malformedAnswer: malformed, withoutPassword, wrongPassword, nextDelivery: ack.status, nextTriaged: await probe.waitTriaged(PUBLIC, 80) };
}

main().catch((err: unknown) => {
  process.stderr.write(`probe failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
