import type { MissingInfoItem } from '../domain/assistant';

// The assistant's comments on GitHub. Their text is fixed, listing what is missing in plain words or
// pointing to private reporting: never a quote or summary of the issue, and never model-written. Each
// ends with a hidden marker, so a comment already on the issue is found and never posted twice.

export const MISSING_INFO_MARKER = '<!-- triageflow:missing-info -->';
export const SECURITY_MARKER = '<!-- triageflow:security -->';

const ASK: Record<MissingInfoItem, string> = {
  steps: '**Steps to reproduce**: what to do, step by step (or the code or commands), to see the problem.',
  expected: '**Expected behaviour**: what you expected to happen.',
  actual: '**Actual behaviour**: what happened instead, such as the error you saw.',
  version: '**Version**: the version you use (a release number, or the commit you built).',
  logs: '**Logs**: the error output, log or stack trace, pasted as text.',
};

export function missingInfoComment(items: readonly MissingInfoItem[], label: string, intro: string | null): string {
  return [
    intro ?? 'Thanks for the report! To look into it we need a little more information:',
    '',
    ...items.map((i) => `- ${ASK[i]}`),
    '',
    `Please edit the issue or add a comment with these. The \`${label}\` label comes off once they are there.`,
    '',
    MISSING_INFO_MARKER,
  ].join('\n');
}

/**
 * The fixed comment on a security report, with the repository's private reporting address: an absolute
 * https URL as written, or a path like /security/advisories/new on the repository's page.
 */
export function securityComment(template: string, advisoryUrl: string, repoHtmlUrl: string): string {
  const url = advisoryUrl.startsWith('/') ? `${repoHtmlUrl.replace(/\/+$/, '')}${advisoryUrl}` : advisoryUrl;
  const text = template.includes('{{advisoryUrl}}') ? template.replaceAll('{{advisoryUrl}}', url) : `${template}\n\n${url}`;
  return `${text}\n\n${SECURITY_MARKER}`;
}

/** The repository's page from an issue's html_url (https://github.com/octo/app/issues/7 → https://github.com/octo/app). */
export function repoHtmlUrl(issueUrl: string | null, repoFullName: string): string {
  const m = issueUrl ? /^(https?:\/\/[^/]+\/[^/]+\/[^/]+)\/(?:issues|pull)\/\d+/.exec(issueUrl) : null;
  return m ? m[1]! : `https://github.com/${repoFullName}`;
}
