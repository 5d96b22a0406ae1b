import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from '../db/pool';
import { open, seal } from './secret-box';

// Per-repository webhook secrets (migration 023). With one GITHUB_WEBHOOK_SECRET shared by several
// repositories, an admin of one can read it (Settings → Webhooks) and sign deliveries for any other:
// fake issues, corrections "by" anyone, writes. A repository with a secret of its own accepts that
// secret only. They are generated here, shown once, and stored encrypted (secret-box.ts).

// How long the secret before a rotation keeps working: time to paste the new one into GitHub's
// settings and let deliveries already signed with the old one arrive.
const PREVIOUS_VALID_MS = 24 * 3_600_000;
// `repo add` in another process reaches the servers within this long.
const RELOAD_MS = 10_000;

export interface RepoSecretInfo {
  fullName: string;
  repoId: number | null;
  fingerprint: string;
  createdAt: string;
  rotatedAt: string | null;
  /** Until when the secret before the last rotation is still accepted. */
  previousUntil: string | null;
}

/** A repository's own secrets: the current one, and the previous one during a rotation. */
export interface OwnSecrets {
  fullName: string;
  repoId: number | null;
  secrets: string[];
}

export interface RepoSecretStore {
  /** Generates a repository's secret (a new one with `rotate`); the caller shows it once. */
  add(fullName: string, opts?: { rotate?: boolean }): Promise<{ secret: string; fingerprint: string; rotated: boolean }>;
  remove(fullName: string): Promise<boolean>;
  list(): Promise<RepoSecretInfo[]>;
  /** Whether any repository has a secret of its own (from the copy reloaded every 10 s). */
  any(): Promise<boolean>;
  /** The repository's own secrets, by id or by name; undefined when it has none (the shared secret applies). */
  lookup(repo: { id?: number; fullName?: string }): Promise<OwnSecrets | undefined>;
  /** Records the id of the repository a delivery signed with its own secret came from. */
  bindId(fullName: string, repoId: number): Promise<void>;
  /** Opens every stored secret: fails at start, with the reason, when WEBHOOK_SECRETS_KEY is missing or wrong. */
  verifyKey(): Promise<number>;
}

export class RepoSecretError extends Error {
  override name = 'RepoSecretError';
}

const fingerprintOf = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);
const keyOf = (fullName: string) => fullName.toLowerCase();

type Row = { name_key: string; full_name: string; repo_id: number | null; secret_enc: string; previous_enc: string | null; previous_until: Date | null; fingerprint: string; created_at: Date; rotated_at: Date | null };

export function createRepoSecretStore(pool: Pool, key: Buffer | undefined): RepoSecretStore {
  const needKey = (): Buffer => {
    if (key) return key;
    throw new RepoSecretError('WEBHOOK_SECRETS_KEY is not set: per-repository webhook secrets are stored encrypted with it. Set it to 32 random bytes (`openssl rand -base64 32`) for every server and for `repo add`.');
  };
  const secretsOf = (r: Row): string[] => {
    const k = needKey();
    const current = open(k, r.secret_enc, r.name_key);
    const previous = r.previous_enc && r.previous_until && r.previous_until.getTime() > Date.now() ? [open(k, r.previous_enc, r.name_key)] : [];
    return [current, ...previous];
  };
  let loaded: { at: number; byId: Map<number, OwnSecrets>; byName: Map<string, OwnSecrets> } | undefined;
  let loading: Promise<NonNullable<typeof loaded>> | undefined;
  const all = async () => (await pool.query<Row>('SELECT * FROM repository_webhook_secrets ORDER BY full_name')).rows;
  const load = async () => {
    if (loaded && Date.now() - loaded.at < RELOAD_MS) return loaded;
    loading ??= (async () => {
      // A database that does not answer keeps the last copy in use rather than failing every delivery.
      const rows = await all().catch((err: unknown) => {
        if (loaded) return undefined;
        throw err;
      });
      if (!rows) return (loaded = { ...loaded!, at: Date.now() });
      const byId = new Map<number, OwnSecrets>();
      const byName = new Map<string, OwnSecrets>();
      for (const r of rows) {
        const own = { fullName: r.full_name, repoId: r.repo_id, secrets: secretsOf(r) };
        byName.set(r.name_key, own);
        if (r.repo_id !== null) byId.set(r.repo_id, own);
      }
      return (loaded = { at: Date.now(), byId, byName });
    })().finally(() => (loading = undefined));
    return loading;
  };
  const forget = () => void (loaded = undefined);

  return {
    async add(fullName, opts = {}) {
      const k = needKey();
      const secret = randomBytes(32).toString('base64url');
      const sealed = seal(k, secret, keyOf(fullName));
      const fingerprint = fingerprintOf(secret);
      if (opts.rotate) {
        const { rowCount } = await pool.query(
          `UPDATE repository_webhook_secrets SET previous_enc = secret_enc, previous_until = now() + $4 * interval '1 millisecond',
             secret_enc = $2, fingerprint = $3, rotated_at = now() WHERE name_key = $1`,
          [keyOf(fullName), sealed, fingerprint, PREVIOUS_VALID_MS],
        );
        if (rowCount === 0) throw new RepoSecretError(`${fullName} has no webhook secret of its own to rotate; add one with \`repo add ${fullName}\`.`);
        forget();
        return { secret, fingerprint, rotated: true };
      }
      const { rowCount } = await pool.query(
        'INSERT INTO repository_webhook_secrets (name_key, full_name, secret_enc, fingerprint) VALUES ($1, $2, $3, $4) ON CONFLICT (name_key) DO NOTHING',
        [keyOf(fullName), fullName, sealed, fingerprint],
      );
      if (rowCount === 0) throw new RepoSecretError(`${fullName} already has a webhook secret of its own (it is shown only when made). Rotate it with \`repo add --rotate ${fullName}\`.`);
      forget();
      return { secret, fingerprint, rotated: false };
    },
    async remove(fullName) {
      const { rowCount } = await pool.query('DELETE FROM repository_webhook_secrets WHERE name_key = $1', [keyOf(fullName)]);
      forget();
      return (rowCount ?? 0) > 0;
    },
    async list() {
      return (await all()).map((r) => ({
        fullName: r.full_name, repoId: r.repo_id, fingerprint: r.fingerprint, createdAt: r.created_at.toISOString(), rotatedAt: r.rotated_at?.toISOString() ?? null,
        previousUntil: r.previous_until && r.previous_until.getTime() > Date.now() ? r.previous_until.toISOString() : null,
      }));
    },
    any: async () => (await load()).byName.size > 0,
    async lookup(repo) {
      const { byId, byName } = await load();
      const byItsId = repo.id !== undefined ? byId.get(repo.id) : undefined;
      if (byItsId) return byItsId;
      // A name whose secret belongs to another repository id (it was renamed, and another took its old name) is not this one.
      const named = repo.fullName ? byName.get(keyOf(repo.fullName)) : undefined;
      return named && (named.repoId === null || repo.id === undefined || named.repoId === repo.id) ? named : undefined;
    },
    async bindId(fullName, repoId) {
      await pool.query('UPDATE repository_webhook_secrets SET repo_id = $2 WHERE name_key = $1 AND repo_id IS DISTINCT FROM $2', [keyOf(fullName), repoId]);
      forget();
    },
    async verifyKey() {
      const rows = await all();
      for (const r of rows) secretsOf(r);
      return rows.length;
    },
  };
}
