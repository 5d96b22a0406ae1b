import fs from 'node:fs';
import path from 'node:path';

// DATA_DIR holds the database, the generated secrets and the embedded database's password: readable by
// its owner only. The modes are set at every start, not only at creation, so a directory made by an
// older version (with the default 0755 and 0644) is closed up too.

/** Our files in a directory that says it is a DATA_DIR; only such a directory is tightened when it exists. */
const DATA_DIR_MARKERS = ['dev-secrets.json', 'pglite', 'embedded-db.json', 'temporal-dev.json'];

export interface PrivateDirResult {
  created: boolean;
  /** The mode it had when it was tightened to 0700. */
  tightenedFrom?: number;
  /** Others can read it and it was left alone: it does not look like ours (doctor reports it). */
  openTo?: number;
}

/** Creates `dir` 0700, or tightens an existing DATA_DIR of ours to 0700. */
export function ensurePrivateDir(dir: string): PrivateDirResult {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700); // the umask applies to mkdir's mode
    return { created: true };
  }
  const mode = fs.statSync(dir).mode & 0o777;
  if (!(mode & 0o077)) return { created: false };
  const ours = DATA_DIR_MARKERS.some((m) => fs.existsSync(path.join(dir, m))) || fs.readdirSync(dir).length === 0;
  if (!ours || fs.statSync(dir).uid !== process.getuid?.()) return { created: false, openTo: mode };
  fs.chmodSync(dir, 0o700);
  return { created: false, tightenedFrom: mode };
}

/** A JSON file of secrets, or {} when there is none; set to 0600 whenever it is read. */
export function readSecretFile<T extends object>(file: string): Partial<T> {
  try {
    const text = fs.readFileSync(file, 'utf8');
    fs.chmodSync(file, 0o600);
    return JSON.parse(text) as Partial<T>;
  } catch {
    return {};
  }
}

/**
 * Writes a file only its owner can read: created 0600 under a temporary name and renamed over the old
 * one, so the secret is never in a file others can read and a crash leaves the old file whole.
 */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** The dev stack's generated secrets live here, in DATA_DIR (mode 0600). */
export const DEV_SECRETS_FILE = 'dev-secrets.json';

/** A secret generated once per DATA_DIR and kept in its dev-secrets.json: the kept one, or `make()`'s, now kept. */
export function keptSecret(dataDir: string, name: string, make: () => string): string {
  const file = path.join(dataDir, DEV_SECRETS_FILE);
  const kept = readSecretFile<Record<string, string>>(file)[name];
  if (kept) return kept;
  const value = make();
  updateSecretFile<Record<string, string>>(file, { [name]: value });
  return value;
}

/** Merges `values` into the secret file, written 0600. */
export function updateSecretFile<T extends object>(file: string, values: Partial<T>): Partial<T> {
  const merged = { ...readSecretFile<T>(file), ...values };
  writePrivateFile(file, JSON.stringify(merged, null, 2));
  return merged;
}
