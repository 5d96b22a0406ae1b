import net from 'node:net';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { createPool, type Pool } from '../../src/db/pool';
import { createLogger } from '../../src/log';

// The embedded database as a hostile local user meets it: a password (SCRAM-SHA-256) before PGlite
// sees a byte, malformed and oversized messages that close their own connection only, and a session
// idle in a transaction that is rolled back and closed instead of holding the single backend.

const IDLE_MS = 400;
let db: EmbeddedDatabase;
let pool: Pool;
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => c.toString().split('\n').filter(Boolean).forEach((l) => logged.push(JSON.parse(l) as Record<string, unknown>)));
  db = await startEmbeddedDatabase({ password: 'correct horse', idleTxTimeoutMs: IDLE_MS }, createLogger({ level: 'info', destination: stream }));
  pool = createPool(db.url, 4);
  await pool.query('CREATE TABLE kept (id int PRIMARY KEY, note text)');
});
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

const withPassword = (password: string | undefined) => {
  const url = new URL(db.url);
  url.password = password ?? '';
  return url.toString();
};

/** Bytes sent on a raw socket, and everything the server answered until it closed the connection. */
function rawExchange(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(db.port, '127.0.0.1', () => socket.write(bytes));
    const got: Buffer[] = [];
    socket.on('data', (c) => got.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(got)));
    setTimeout(() => reject(new Error('the server kept the connection open')), 5_000).unref();
  });
}

const startup = (user = 'postgres') => {
  const body = Buffer.from(`user\0${user}\0database\0postgres\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196_608, 4);
  return Buffer.concat([head, body]);
};

test('the URL carries a password, and SCRAM-SHA-256 with it is the only way in', async () => {
  expect(new URL(db.url).password).toBe(encodeURIComponent('correct horse'));
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  await client.end();

  for (const password of ['wrong', undefined]) {
    const refused = new pg.Client({ connectionString: withPassword(password) });
    await expect(refused.connect()).rejects.toThrow(password ? /password authentication failed for user "postgres"/ : /password/);
    await refused.end().catch(() => undefined);
  }
  // A client that asks for no authentication at all is offered SASL only and gets nothing else.
  const answer = await rawExchange(Buffer.concat([startup(), Buffer.from('Q\0\0\0\x0eSELECT 1;\0')]));
  expect(answer[0]).toBe(0x52); // 'R': AuthenticationSASL
  expect(answer.readInt32BE(5)).toBe(10);
  expect(answer.toString('latin1')).toContain('SCRAM-SHA-256');
  expect(answer.toString('latin1')).toMatch(/is not one a client sends while authenticating/);
  expect(logged.some((l) => l.msg === 'embedded database connection refused' && String(l.reason).includes('password authentication failed'))).toBe(true);
});

test.each([
  ['a startup packet with a negative length (13 bytes)', Buffer.from([0xff, 0xff, 0xff, 0xf3, 0, 3, 0, 0, 0x75, 0x73, 0x65, 0x72, 0])],
  ['a startup packet claiming 1 GB', Buffer.from([0x40, 0, 0, 0, 0, 3, 0, 0])],
  ['protocol 2', Buffer.from([0, 0, 0, 8, 0, 2, 0, 0])],
  ['a startup packet without a user', Buffer.from([0, 0, 0, 9, 0, 3, 0, 0, 0])],
])('%s closes that connection with an error and a log line; the database goes on', async (_what, bytes) => {
  const before = logged.length;
  const answer = await rawExchange(bytes);
  expect(answer[0]).toBe(0x45); // 'E': ErrorResponse
  expect(answer.toString('latin1')).toContain('FATAL');
  expect(logged.slice(before).some((l) => l.msg === 'embedded database connection refused' && l.component === 'embedded-db')).toBe(true);
  expect((await pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
});

test.each([
  ['an unknown message type', Buffer.from('Z\0\0\0\x07abc')],
  ['a negative length', Buffer.from([0x51, 0xff, 0xff, 0xff, 0xf0, 0x41])],
  ['a Query claiming 1 GB', Buffer.from([0x51, 0x40, 0, 0, 0, 0x41])],
  ['a Sync claiming 1 MB', Buffer.from([0x53, 0, 0x10, 0, 0])],
  ['a password message after authentication', Buffer.from('p\0\0\0\x06x\0')],
])('after authentication, %s closes that session only', async (_what, bytes) => {
  const before = logged.length;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const ended = new Promise<void>((resolve) => client.on('end', () => resolve()));
  client.on('error', () => undefined);
  (client as unknown as { connection: { stream: net.Socket } }).connection.stream.write(bytes);
  await ended;
  expect(logged.slice(before).some((l) => l.msg === 'embedded database session closed: malformed message')).toBe(true);
  const others = await Promise.all(Array.from({ length: 5 }, (_, i) => pool.query('SELECT $1::int AS n', [i])));
  expect(others.map((r) => r.rows[0].n)).toEqual([0, 1, 2, 3, 4]);
});

test('a session idle in a transaction is rolled back and closed, and the others go on', async () => {
  const idle = new pg.Client({ connectionString: db.url });
  await idle.connect();
  idle.on('error', () => undefined);
  await idle.query('BEGIN');
  await idle.query("INSERT INTO kept VALUES (1, 'never committed')");
  const started = Date.now();
  // Waits for the backend the idle session holds, then runs once it is released.
  const other = await pool.query("INSERT INTO kept VALUES (2, 'committed') RETURNING id");
  const waited = Date.now() - started;
  expect(other.rows).toEqual([{ id: 2 }]);
  expect(waited).toBeGreaterThanOrEqual(IDLE_MS - 50);
  await expect(idle.query('COMMIT')).rejects.toThrow();
  expect((await pool.query('SELECT id FROM kept ORDER BY id')).rows).toEqual([{ id: 2 }]);
  const line = logged.find((l) => l.msg === 'embedded database session closed');
  expect(String(line?.reason)).toMatch(/idle in a transaction for more than 400 ms .*EMBEDDED_IDLE_TX_TIMEOUT/);
});

test('a session that stops between the messages of a cycle is closed too, and its cycle ended cleanly', async () => {
  const socket = await new Promise<net.Socket>((resolve) => {
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined);
    void client.connect().then(() => resolve((client as unknown as { connection: { stream: net.Socket } }).connection.stream));
  });
  // A Parse without its Sync: the backend stays with this session until the cycle ends.
  socket.write(Buffer.concat([Buffer.from('P\0\0\0\x10'), Buffer.from('\0SELECT 1\0\0\0')]));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  expect((await pool.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  await closed;
  expect(logged.some((l) => l.msg === 'embedded database session closed' && /between the messages of a cycle/.test(String(l.reason)))).toBe(true);
  expect((await pool.query('SELECT $1::text AS t', ['after'])).rows).toEqual([{ t: 'after' }]);
});

test('a pool with a deadline fails fast while the backend is held, and its connection is dropped', async () => {
  const ingest = createPool(db.url, 1, 'deadline-test', { deadlineMs: 150 });
  const holder = await pool.connect();
  try {
    await holder.query('BEGIN');
    const started = Date.now();
    await expect(ingest.query('SELECT $1::int AS n', [1])).rejects.toThrow(/did not answer within 150 ms|timeout/i);
    expect(Date.now() - started).toBeLessThan(1_000);
    await holder.query('ROLLBACK');
    expect((await ingest.query('SELECT $1::int AS n', [2])).rows).toEqual([{ n: 2 }]);
  } finally {
    holder.release();
    await ingest.end();
  }
});
