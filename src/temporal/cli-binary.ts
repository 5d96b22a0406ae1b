import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { triageflowCacheDir } from '../config/cache-dir';

const run = promisify(execFile);

// v1.5.1 is the newest CLI whose go.mod has no replace directives, which `go install pkg@version` requires.
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function temporalCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(triageflowCacheDir(env), 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI, then `temporal` on PATH, then the cached build, else builds it
 * once with Go into the cache (a few minutes; later starts reuse it).
 */
export async function resolveTemporalCli(opts: { cliPath?: string; env?: NodeJS.ProcessEnv; log?: (msg: string) => void } = {}): Promise<string> {
  const env = opts.env ?? process.env;
  if (opts.cliPath) {
    if (!fs.existsSync(opts.cliPath)) throw new Error(`TEMPORAL_CLI points to ${opts.cliPath}, which does not exist. Fix the path or unset TEMPORAL_CLI.`);
    return opts.cliPath;
  }
  const found = onPath('temporal', env);
  if (found) return found;
  const dir = temporalCacheDir(env);
  const cached = path.join(dir, 'temporal');
  if (fs.existsSync(cached)) return cached;

  const go = onPath('go', env);
  if (!go) {
    throw new Error(
      'The Temporal CLI was not found and cannot be built: there is no `temporal` on PATH, TEMPORAL_CLI is unset, and Go is not installed. ' +
        `Install Go (1.25+) so it can be built from source, put a \`temporal\` binary on PATH, set TEMPORAL_CLI to one, or set TEMPORAL_ADDRESS to an existing Temporal server.`,
    );
  }
  opts.log?.(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${dir} (once; takes a few minutes)...`);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(dir, '.build-'));
  try {
    await run(go, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...env, GOBIN: tmp, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
      maxBuffer: 64 * 1024 * 1024,
    });
    // A rename is atomic, so a concurrent start never sees a half-written binary.
    fs.renameSync(path.join(tmp, 'temporal'), cached);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`Building the Temporal CLI with Go failed: ${e.stderr?.trim() || e.message}. Set TEMPORAL_CLI to a prebuilt binary or TEMPORAL_ADDRESS to a running server.`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return cached;
}
