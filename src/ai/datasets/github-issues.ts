import type { IssueText } from '../types';
import { matchLabels, type LabelMap } from './label-map';
import { DatasetError, type Dataset } from './types';

// JSON lines of GitHub REST issue objects, as `gh api --paginate repos/OWNER/NAME/issues | jq -c '.[]'`
// writes them. Pull requests (which that endpoint also returns) are skipped.

interface RestIssue {
  title?: unknown;
  body?: unknown;
  number?: unknown;
  labels?: unknown;
  created_at?: unknown;
  repository_url?: unknown;
  pull_request?: unknown;
  reactions?: { total_count?: unknown };
}

export function parseGithubIssues(file: string, text: string, map: LabelMap): Dataset {
  if (/^\s*\[/.test(text)) throw new DatasetError(file, 1, 'this is a JSON array; write one issue object per line, e.g. jq -c ".[]" issues.json > issues.jsonl');
  const dataset: Dataset = { file, rows: [], skipped: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new DatasetError(file, line, `not valid JSON: ${(err as Error).message}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DatasetError(file, line, 'expected one GitHub issue object per line');
    const issue = value as RestIssue;
    if (issue.pull_request) return dataset.skipped.push({ line, reason: 'a pull request, not an issue' });
    if (typeof issue.title !== 'string' || !issue.title.trim()) return dataset.skipped.push({ line, reason: 'no title' });
    const labels = Array.isArray(issue.labels)
      ? issue.labels.map((l: unknown) => (typeof l === 'string' ? l : typeof (l as { name?: unknown })?.name === 'string' ? (l as { name: string }).name : '')).filter(Boolean)
      : [];
    const match = matchLabels(labels, map);
    if ('problem' in match) return dataset.skipped.push({ line, reason: match.problem });
    const text: IssueText = {
      repo: repoOf(issue.repository_url),
      title: issue.title,
      body: typeof issue.body === 'string' ? issue.body : '',
      labels,
      ...(typeof issue.number === 'number' ? { number: issue.number } : {}),
      ...(typeof issue.reactions?.total_count === 'number' ? { reactions: issue.reactions.total_count } : {}),
    };
    dataset.rows.push({
      line,
      createdAt: typeof issue.created_at === 'string' ? issue.created_at : undefined,
      example: { issue: text, category: match.category, ...(match.priority ? { priority: match.priority } : {}), source: 'import' },
    });
  });
  return dataset;
}

const repoOf = (url: unknown): string => (typeof url === 'string' ? (/\/repos\/([^/]+\/[^/]+)\/?$/.exec(url)?.[1] ?? '') : '');
