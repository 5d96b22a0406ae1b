import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OwnSecrets } from '../github/repo-secrets';

// Which secret a delivery must be signed with. With one GITHUB_WEBHOOK_SECRET shared by several
// repositories, an admin of any of them can sign deliveries for the others; a repository with a secret
// of its own (`repo add`) accepts that secret only. The raw bytes are verified before they are trusted:
//  1. GitHub names a repository webhook's repository in X-GitHub-Hook-Installation-Target-ID: when
//     that repository has its own secret, only that secret is tried.
//  2. Otherwise the shared secrets are tried; a delivery they verify is refused when the repository
//     its body names has a secret of its own.
//  3. A repository whose own secret has not verified a delivery yet is known by name only: its
//     delivery is read for the name, then verified with that repository's secret, and its id learned.

export interface RepoSecretLookup {
  /** Whether any repository has a secret of its own: without any, no body is read before it is verified. */
  any(): Promise<boolean>;
  lookup(repo: { id?: number; fullName?: string }): Promise<OwnSecrets | undefined>;
  bindId(fullName: string, repoId: number): Promise<void>;
}

export interface SignatureDeps {
  /** GITHUB_WEBHOOK_SECRET (several while rotating); empty only with the insecure development flag. */
  sharedSecrets: string[];
  repoSecrets?: RepoSecretLookup;
}

export interface DeliveryHeaders {
  signature: string | undefined;
  targetType: string | undefined;
  targetId: string | undefined;
}

export type SignatureVerdict =
  | { ok: true; via: 'repository' | 'shared' | 'unsigned' }
  | { ok: false; status: 401; message: string };

/** X-Hub-Signature-256 checked on the raw bytes, in constant time; any of `secrets` may match. */
export function signatureMatches(secrets: string[], raw: Buffer, signature: string | undefined): boolean {
  const presented = /^sha256=([0-9a-f]{64})$/i.exec(signature ?? '')?.[1];
  if (!presented) return false;
  const want = Buffer.from(presented, 'hex');
  let match = false;
  for (const secret of secrets) match = timingSafeEqual(createHmac('sha256', secret).update(raw).digest(), want) || match;
  return match;
}

/** The repository a body names, read only as far as needed; undefined for a body that is not JSON. */
function namedRepository(raw: Buffer): { id?: number; fullName?: string } | undefined {
  try {
    const repo = (JSON.parse(raw.toString('utf8')) as { repository?: { id?: unknown; full_name?: unknown } } | null)?.repository;
    if (!repo) return undefined;
    return { ...(typeof repo.id === 'number' ? { id: repo.id } : {}), ...(typeof repo.full_name === 'string' ? { fullName: repo.full_name } : {}) };
  } catch {
    return undefined;
  }
}

const ownSecretOnly = (fullName: string) =>
  `${fullName} has a webhook secret of its own (repo add), and only that one is accepted for it: set it as the secret of ${fullName}'s webhook on GitHub.`;

export async function verifyDeliverySignature(raw: Buffer, headers: DeliveryHeaders, deps: SignatureDeps): Promise<SignatureVerdict> {
  const refused = (message: string): SignatureVerdict => ({ ok: false, status: 401, message });
  const targetId = headers.targetType === 'repository' && /^\d+$/.test(headers.targetId ?? '') ? Number(headers.targetId) : undefined;
  const byHeader = targetId !== undefined && (await deps.repoSecrets?.any()) ? await deps.repoSecrets!.lookup({ id: targetId }) : undefined;
  if (byHeader) {
    if (!signatureMatches(byHeader.secrets, raw, headers.signature)) return refused(`X-Hub-Signature-256 does not match the body: ${ownSecretOnly(byHeader.fullName)}`);
    const named = namedRepository(raw);
    if (named?.id !== undefined && named.id !== targetId) return refused(`The body names repository ${named.id}, but the delivery was signed for repository ${targetId}; nothing was accepted.`);
    return { ok: true, via: 'repository' };
  }
  const anyOwn = async () => {
    const named = deps.repoSecrets && (await deps.repoSecrets.any()) ? namedRepository(raw) : undefined;
    return named ? { named, own: await deps.repoSecrets!.lookup(named) } : undefined;
  };
  if (deps.sharedSecrets.length === 0 || signatureMatches(deps.sharedSecrets, raw, headers.signature)) {
    const found = await anyOwn();
    if (found?.own) return refused(`This delivery is signed with the shared GITHUB_WEBHOOK_SECRET${deps.sharedSecrets.length ? '' : ' (or not at all)'}, but ${ownSecretOnly(found.own.fullName)}`);
    return { ok: true, via: deps.sharedSecrets.length ? 'shared' : 'unsigned' };
  }
  const found = await anyOwn();
  if (found?.own && signatureMatches(found.own.secrets, raw, headers.signature)) {
    if (found.named.id !== undefined && found.own.repoId === null) await deps.repoSecrets!.bindId(found.own.fullName, found.named.id);
    return { ok: true, via: 'repository' };
  }
  return refused(found?.own
    ? `X-Hub-Signature-256 does not match the body: ${ownSecretOnly(found.own.fullName)}`
    : 'X-Hub-Signature-256 does not match the body: check that GITHUB_WEBHOOK_SECRET equals the secret set on the GitHub webhook.');
}
