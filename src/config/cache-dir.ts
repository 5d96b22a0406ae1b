import os from 'node:os';
import path from 'node:path';

// Read outside loadConfig on purpose: the bootstrap and the test setup find the Temporal CLI and the
// sentence model before any configuration is loaded, and a bad unrelated setting must not stop them.

/** Where Triageflow caches what it builds or downloads once: TRIAGEFLOW_CACHE_DIR, else the XDG cache. */
export function triageflowCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRIAGEFLOW_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'triageflow');
}
