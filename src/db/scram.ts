import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

// The server's side of SCRAM-SHA-256 (RFC 5802, RFC 7677), as PostgreSQL runs it in its startup
// exchange: the client proves it knows the password without sending it, and checks the server's
// signature in turn. Only the verifier (salt, StoredKey, ServerKey) is kept, as pg_authid keeps it.
// Channel binding is not offered: the embedded database serves loopback without TLS.

export const SCRAM_MECHANISM = 'SCRAM-SHA-256';
// PostgreSQL's default (scram_iterations); node-postgres refuses more than 100,000.
const ITERATIONS = 4096;

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** The verifier of a password; PBKDF2 runs once here, not per connection. */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = ITERATIONS): ScramVerifier {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  return { salt, iterations, storedKey: sha256(hmac(salted, 'Client Key')), serverKey: hmac(salted, 'Server Key') };
}

/** Why a SCRAM message was refused; the session answers it with an authentication failure. */
export class ScramError extends Error {
  override name = 'ScramError';
}

/** Attribute=value pairs of a SCRAM message ("r=...,s=..."); values may contain '='. */
function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    if (at !== 1) throw new ScramError(`malformed SCRAM attribute "${part.slice(0, 20)}"`);
    out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** One connection's exchange: the client's first message in, the server's first out; then the final pair. */
export class ScramExchange {
  private clientFirstBare = '';
  private serverFirst = '';
  private gs2Header = '';
  private nonce = '';

  constructor(private readonly verifier: ScramVerifier) {}

  /** client-first-message → server-first-message. */
  first(clientFirst: string): string {
    // gs2-header: "n,," (no channel binding) or "y,," (the client could bind, but we offered no -PLUS).
    const match = /^([ny]),([^,]*),(.*)$/.exec(clientFirst);
    if (!match) throw new ScramError(clientFirst.startsWith('p=') ? 'channel binding is not offered by this server' : 'malformed client-first-message');
    if (match[2]) throw new ScramError('an authorization identity is not supported');
    this.gs2Header = `${match[1]},,`;
    this.clientFirstBare = match[3]!;
    const clientNonce = attributes(this.clientFirstBare).get('r');
    if (!clientNonce || !/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce)) throw new ScramError('the client nonce is missing or not printable');
    this.nonce = clientNonce + randomBytes(18).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString('base64')},i=${this.verifier.iterations}`;
    return this.serverFirst;
  }

  /** client-final-message → server-final-message; throws a ScramError when the proof is wrong. */
  final(clientFinal: string): string {
    if (!this.serverFirst) throw new ScramError('client-final-message before client-first-message');
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt < 0) throw new ScramError('the client proof is missing');
    const withoutProof = clientFinal.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs.get('c') !== Buffer.from(this.gs2Header).toString('base64')) throw new ScramError('the channel binding does not match the gs2 header');
    if (attrs.get('r') !== this.nonce) throw new ScramError('the nonce does not match the server\'s');
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const signature = hmac(this.verifier.storedKey, authMessage);
    if (proof.length !== signature.length) throw new ScramError('password authentication failed');
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ signature[i]!;
    if (!timingSafeEqual(sha256(clientKey), this.verifier.storedKey)) throw new ScramError('password authentication failed');
    return `v=${hmac(this.verifier.serverKey, authMessage).toString('base64')}`;
  }
}
