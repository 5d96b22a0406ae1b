import { execFileSync } from 'node:child_process';

// PostgreSQL refuses to run as root, and the tests run as root here: its clusters run as this user.
export const PG_SYSTEM_USER = 'triageflow-pg';

export interface RunAs {
  uid: number;
  gid: number;
}

/** Whom to run PostgreSQL as: the current user, or (as root) a system user created once. */
export function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    try {
      return { uid: Number(execFileSync('id', ['-u', PG_SYSTEM_USER], { stdio: 'pipe' }).toString()), gid: Number(execFileSync('id', ['-g', PG_SYSTEM_USER], { stdio: 'pipe' }).toString()) };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_SYSTEM_USER], { stdio: 'pipe' });
  } catch (err) {
    // Exit 9: another test file created it at the same moment.
    if ((err as { status?: number }).status !== 9) throw new Error(`Could not create the system user ${PG_SYSTEM_USER} for PostgreSQL: ${(err as Error).message}`);
  }
  const created = lookup();
  if (!created) throw new Error(`The system user ${PG_SYSTEM_USER} does not exist after useradd.`);
  return created;
}
