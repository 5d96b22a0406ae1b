import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { DEBIAN_POSTGRES } from './versions';

const run = promisify(execFile);

const present = () => fs.existsSync(`${DEBIAN_POSTGRES.binDir}/postgres`) && fs.existsSync(DEBIAN_POSTGRES.btreeGin);

/** Debian's PostgreSQL 15 for Temporal's persistence, installed with apt-get when missing (root only). */
export async function ensureDebianPostgres(opts: { log?: (msg: string) => void } = {}): Promise<string> {
  if (present()) return DEBIAN_POSTGRES.binDir;
  if (process.getuid?.() !== 0) {
    throw new Error(`Temporal's database needs Debian's ${DEBIAN_POSTGRES.packageName} (${DEBIAN_POSTGRES.binDir} is missing). Run 'sudo apt-get install ${DEBIAN_POSTGRES.packageName}' and try again.`);
  }
  opts.log?.(`Installing Debian's ${DEBIAN_POSTGRES.packageName} for Temporal's database...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update', '-qq'], { env, maxBuffer: 16 * 1024 * 1024 });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', DEBIAN_POSTGRES.packageName], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`apt-get could not install ${DEBIAN_POSTGRES.packageName}: ${e.stderr?.trim() || e.message}. This needs Debian 12 (bookworm) package sources; install it by hand and try again.`);
  }
  if (!present()) throw new Error(`${DEBIAN_POSTGRES.packageName} is installed but ${DEBIAN_POSTGRES.binDir}/postgres or btree_gin is missing. Reinstall it ('apt-get install --reinstall ${DEBIAN_POSTGRES.packageName}').`);
  return DEBIAN_POSTGRES.binDir;
}
