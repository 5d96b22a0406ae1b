import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM for the few secrets Triageflow must keep and read back (per-repository webhook secrets):
// iv.ciphertext.tag in base64url. The associated data binds a ciphertext to its row.

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export function seal(key: Buffer, plaintext: string, associated: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

export function open(key: Buffer, sealed: string, associated: string): string {
  const [iv, data, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !data || !tag) throw new SecretBoxError('a stored secret is not in the iv.ciphertext.tag form');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(associated));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('a stored secret does not open with WEBHOOK_SECRETS_KEY: the key is not the one it was stored with');
  }
}
