// GITHUB_REPOS: the repositories whose deliveries are handled, as owner/name or owner/* (case-insensitive,
// as GitHub's names are). Unset: every repository whose deliveries are signed.

/** Whether `fullName` is on the list; every repository when there is no list. */
export function repoAllowed(patterns: string[] | undefined, fullName: string): boolean {
  if (!patterns) return true;
  const [owner, name] = fullName.toLowerCase().split('/');
  return patterns.some((p) => {
    const [o, n] = p.toLowerCase().split('/');
    return o === owner && (n === '*' || n === name);
  });
}
