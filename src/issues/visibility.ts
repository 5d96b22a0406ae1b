// Who may see an issue. With DASHBOARD_PUBLIC_READ a reader without the dashboard token sees the issues
// of public repositories only: those whose latest delivery said `repository.private: false`
// (migration 022). A repository never heard of counts as private, so the reads fail closed.

/** What a reader may see: everything (the dashboard token), or public repositories only. */
export type ReadScope = 'all' | 'public';

/** SQL: whether the repository of the issues row `alias` is private. */
export const repoPrivateSql = (alias: string) => `COALESCE((SELECT r.private FROM repositories r WHERE r.repo_id = ${alias}.repo_id), true)`;

/** SQL condition for a scope: nothing for `all`, only public repositories' issues for `public`. */
export const scopeCondition = (scope: ReadScope | undefined, alias: string): string => (scope === 'public' ? `NOT ${repoPrivateSql(alias)}` : 'true');
