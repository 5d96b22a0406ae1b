// A URL's password is a secret wherever the URL is printed: banners, log lines, error messages. This is
// the one place that hides it (postgres://user:***@host/db), so every printer hides it the same way.

const USERINFO_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/i;

/** The URL with its password (if any) replaced by `***`; anything that is not a URL comes back as it is. */
export function maskUrlPassword(url: string): string {
  return url.replace(USERINFO_PASSWORD, '$1:***@');
}

/** Every URL with a password inside a text (an error message, say), masked. */
export function maskUrlPasswords(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:[^@/?#\s]*@/gi, (m) => maskUrlPassword(m));
}
