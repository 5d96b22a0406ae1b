// Secrets in an issue's text: a report that carries one is handled as a security report whatever else it
// says, because quoting it anywhere would spread the secret. Formats are the providers' own prefixes;
// generic "password = …" assignments count only with a value that is not a placeholder.

const PROVIDER_FORMATS: [string, RegExp][] = [
  ['a GitHub token', /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}\b/],
  ['an AWS access key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a Slack token', /\bxox[abprs]-[0-9A-Za-z-]{10,}/],
  ['a Stripe secret key', /\b(?:sk|rk)_live_[0-9A-Za-z]{16,}\b/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['an OpenAI API key', /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b/],
  ['a private key', /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/],
  ['a JSON Web Token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/],
];
const PLACEHOLDER = /^(?:\$|<|\{|\[|%|\*{3}|x{4}|\.{3}|your|my|changeme|example|placeholder|secret|password|token|none|null|undefined|true|false|redacted|hidden|xxx)/i;
const ASSIGNMENT = /\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|private[_-]?key)\b["']?\s*[:=]\s*["']?([^\s"'<>,;]{8,})/gi;
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]{6,})@[\w.-]+/gi;

/** What kind of secret the text holds, or null. */
export function findCredential(text: string): string | null {
  for (const [what, pattern] of PROVIDER_FORMATS) if (pattern.test(text)) return what;
  for (const m of text.matchAll(ASSIGNMENT)) if (!PLACEHOLDER.test(m[1]!) && /\d/.test(m[1]!) && /[A-Za-z]/.test(m[1]!)) return 'a password or key';
  for (const m of text.matchAll(URL_WITH_PASSWORD)) if (!PLACEHOLDER.test(m[1]!)) return 'a password in a connection URL';
  return null;
}
