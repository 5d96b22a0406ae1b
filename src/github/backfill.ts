import type { Category, Priority } from '../domain/triage';
import type { LabeledExample } from '../ai/types';
import { defaultLabelMap, normalizeLabel, parseGithubIssues, type LabelMap } from '../ai/datasets';
import type { InboxStore } from '../inbox/store';
import type { BackfillProgressStore } from './backfill-store';
import { triageWorkflowId } from '../domain/triage-state';
import { split, type GithubApi } from './client';
import { managedLabels, type RepoConfig } from './repo-config';

// Pages through a repository's issues (oldest first, so pages stay put while new issues arrive at the
// end), one page at a time, recording the next page after each so an interrupted run resumes there.

export interface BackfillOptions {
  repoFullName: string;
  since?: string;
  train: boolean;
  triageOpen: boolean;
  perPage: number;
  /** Open issues queued for triage per second, so the workflows and the model are not flooded. */
  triagePerSecond: number;
  onProgress(p: BackfillProgress): void;
}

export interface BackfillProgress {
  page: number;
  lastPage: number | null;
  seen: number;
  trained: number;
  queued: number;
}

/** Where the backfill keeps its place and puts what it reads. */
export interface BackfillStores {
  progress: BackfillProgressStore;
  inbox: InboxStore;
  /** The offline model's training examples (people's labels). */
  examples: { append(examples: LabeledExample[]): Promise<{ added: number }> };
}

export async function runBackfill(octokit: GithubApi, stores: BackfillStores, config: RepoConfig, opts: BackfillOptions): Promise<BackfillProgress & { resumedAt: number }> {
  const [owner, repo] = split(opts.repoFullName);
  const run = { repoFullName: opts.repoFullName, since: opts.since ?? '' };
  const saved = await stores.progress.start(run);
  const progress: BackfillProgress = { page: saved.nextPage, lastPage: null, seen: saved.seen, trained: saved.trained, queued: saved.queued };
  const resumedAt = saved.nextPage;
  if (saved.done) return { ...progress, resumedAt };
  const { data: repository } = await octokit.repos.get({ owner, repo });
  const labelMap = labelMapFor(config);
  const managed = managedLabels(config);

  for (;;) {
    const res = await octokit.issues.listForRepo({
      owner, repo, state: 'all', sort: 'created', direction: 'asc', per_page: opts.perPage, page: progress.page, ...(opts.since ? { since: opts.since } : {}),
    });
    const links = parseLink(res.headers.link);
    progress.lastPage = links.last ?? progress.page;
    const issues = res.data.filter((i) => !i.pull_request);
    progress.seen += issues.length;
    if (opts.train) {
      const dataset = parseGithubIssues(`${opts.repoFullName} page ${progress.page}`, issues.map((i) => JSON.stringify(i)).join('\n'), labelMap);
      const examples: LabeledExample[] = dataset.rows.map((r) => r.example);
      // Keyed by issue: a page imported twice (a resumed run) adds nothing the second time.
      if (examples.length) progress.trained += (await stores.examples.append(examples)).added;
    }
    if (opts.triageOpen) {
      for (const issue of issues) {
        const names = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
        if (issue.state !== 'open' || names.some((n) => managed.has(n.toLowerCase()))) continue;
        // The id is the issue's: queued once, however often the backfill runs.
        const { inserted } = await stores.inbox.insert({
          deliveryId: `backfill-${repository.id}-${issue.number}`, eventName: 'issues', action: 'opened', repoId: repository.id, repoFullName: repository.full_name,
          number: issue.number, workflowId: triageWorkflowId(repository.id, issue.number), githubUpdatedAt: issue.updated_at,
          rawPayload: JSON.stringify({ action: 'opened', issue, repository: { id: repository.id, full_name: repository.full_name, private: repository.private } }),
        });
        if (inserted) {
          progress.queued++;
          await new Promise((r) => setTimeout(r, 1000 / opts.triagePerSecond));
        }
      }
    }
    const next = links.next ?? null;
    await stores.progress.save(run, { ...progress, nextPage: next ?? progress.page, done: next === null });
    opts.onProgress(progress);
    if (next === null) return { ...progress, resumedAt };
    progress.page = next;
  }
}

/** The page numbers of a `Link` header's rel="next" and rel="last" (GitHub's pagination). */
export function parseLink(header: string | undefined): { next?: number; last?: number } {
  const out: { next?: number; last?: number } = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="(\w+)"/.exec(part.trim());
    if (!m || (m[2] !== 'next' && m[2] !== 'last')) continue;
    const page = Number(new URL(m[1]!).searchParams.get('page'));
    if (Number.isInteger(page) && page > 0) out[m[2]] = page;
  }
  return out;
}

/** The default label map plus the repository's own mapping (its labels name categories and priorities). */
function labelMapFor(config: RepoConfig): LabelMap {
  const map = defaultLabelMap();
  for (const [label, m] of managedLabels(config)) {
    if (m.field === 'category') map.categories.set(normalizeLabel(label), m.value as Category);
    if (m.field === 'priority') map.priorities.set(normalizeLabel(label), m.value as Priority);
  }
  return map;
}
