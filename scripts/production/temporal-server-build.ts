import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEMPORAL_GO_TOOLCHAIN, TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION, temporalServerDir } from './versions';

const run = promisify(execFile);

export interface TemporalServerBuild {
  /** `server --config-file FILE start` */
  server: string;
  /** temporal-sql-tool: create-database, setup-schema, update-schema */
  sqlTool: string;
  /** schema/postgresql/v12 of the same release, with temporal/ and visibility/ under it */
  schemaDir: string;
}

function paths(dir: string): TemporalServerBuild {
  return { server: path.join(dir, 'server'), sqlTool: path.join(dir, 'sql'), schemaDir: path.join(dir, 'schema', 'postgresql', 'v12') };
}

export function cachedTemporalServer(env: NodeJS.ProcessEnv = process.env): TemporalServerBuild | undefined {
  const p = paths(temporalServerDir(env));
  return [p.server, p.sqlTool, p.schemaDir].every((f) => fs.existsSync(f)) ? p : undefined;
}

/**
 * The Temporal server and its SQL tool, built once with Go into the cache (about 7 minutes on 2 cores),
 * with the release's PostgreSQL schemas copied beside them so a cleaned Go module cache does not matter.
 */
export async function ensureTemporalServer(opts: { env?: NodeJS.ProcessEnv; log?: (msg: string) => void } = {}): Promise<TemporalServerBuild> {
  const env = opts.env ?? process.env;
  const cached = cachedTemporalServer(env);
  if (cached) return cached;
  const dir = temporalServerDir(env);
  const go = await run('go', ['version'], { env }).then(() => 'go', () => undefined);
  if (!go) {
    throw new Error(`The Temporal server ${TEMPORAL_SERVER_VERSION} is not in ${dir} and Go is not installed to build it. Install Go (1.21+; it fetches ${TEMPORAL_GO_TOOLCHAIN} itself) and run this again.`);
  }
  opts.log?.(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with Go into ${dir} (once; about 7 minutes)...`);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(dir, '.build-'));
  const goEnv = { ...env, GOBIN: tmp, GOTOOLCHAIN: TEMPORAL_GO_TOOLCHAIN, GOFLAGS: '-mod=mod' };
  try {
    // One invocation: both packages share the module graph and most of the compiled packages.
    await run('go', ['install', `${TEMPORAL_SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`], { env: goEnv, maxBuffer: 64 * 1024 * 1024 });
    const modCache = (await run('go', ['env', 'GOMODCACHE'], { env: goEnv })).stdout.trim();
    const schemaSrc = path.join(modCache, `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
    const target = paths(dir);
    fs.cpSync(schemaSrc, path.join(tmp, 'schema', 'postgresql', 'v12'), { recursive: true });
    // Module cache files are read-only; the copy must stay deletable with the cache.
    await run('chmod', ['-R', 'u+w', path.join(tmp, 'schema')]);
    fs.rmSync(path.join(dir, 'schema'), { recursive: true, force: true });
    fs.renameSync(path.join(tmp, 'schema'), path.join(dir, 'schema'));
    // Renames are atomic, and the binaries go last: a concurrent run sees all three or builds again.
    fs.renameSync(path.join(tmp, 'sql'), target.sqlTool);
    fs.renameSync(path.join(tmp, 'server'), target.server);
    return target;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} with Go failed: ${e.stderr?.trim() || e.message}. Check network access to proxy.golang.org (or GOPROXY) and free disk space, then run this again.`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
