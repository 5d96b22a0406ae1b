import type { Pool } from '../db/pool';
import type { RepoLabel } from '../ai/types';
import { publishIssueUpdate } from './publish';
import type { TriageState } from '../domain/triage-state';
import { contentFacts, getIssueDetail, loadTriageState, type ContentFacts, type IssueKey } from './reads';
import type { TemporalLink } from './row-mapping';
import type { IssueDetail } from './view';
import {
  markHandled, saveCorrection, saveFacts, saveTriage, saveUnverifiedNote, type SaveCorrectionInput, type SaveCorrectionOutcome, type SaveFactsInput, type SaveTriageInput,
  type UnverifiedNoteInput,
} from './writes';

/** The text of a stored issue, as the model learns from it. */
export interface StoredIssueText {
  repo: string;
  title: string;
  body: string;
  labels: string[];
  reactions: number;
}

/**
 * Everything the triage activities read and write about issues. Activities depend on this, not on a
 * pool, so their decisions can be tested against an in-memory store and the SQL against a real database.
 */
export interface IssueStore {
  contentFacts(repoId: number, number: number, contentHash: string): Promise<ContentFacts>;
  loadState(repoId: number, number: number): Promise<Partial<TriageState> | undefined>;
  issueText(repoId: number, number: number): Promise<StoredIssueText | undefined>;
  detail(key: IssueKey): Promise<IssueDetail | undefined>;
  repoLabels(repoId: number): Promise<RepoLabel[]>;
  rememberLabels(repoId: number, labels: RepoLabel[]): Promise<void>;
  saveTriage(input: SaveTriageInput): Promise<void>;
  saveFacts(input: SaveFactsInput): Promise<void>;
  saveCorrection(input: SaveCorrectionInput): Promise<SaveCorrectionOutcome>;
  /** A label edit by someone who may not triage: noted in the audit trail, applied nowhere. */
  saveUnverifiedNote(input: UnverifiedNoteInput): Promise<void>;
  markHandled(deliveryIds: string[]): Promise<void>;
  /** Tells every server process (and so every dashboard) the issue changed. */
  publish(detail: IssueDetail): Promise<void>;
}

// Every classification reads its repository's label set, which changes only when a delivery brings a new
// one: it is kept for a while, and dropped at once when this process stores a new set. A set another
// worker stored reaches this one within that while.
const LABELS_KEPT_MS = 30_000;
const LABEL_SETS_KEPT = 1_000;

export function createIssueStore(pool: Pool, temporalLink: TemporalLink): IssueStore {
  const labelSets = new Map<number, { labels: RepoLabel[]; at: number }>();
  return {
    contentFacts: (repoId, number, contentHash) => contentFacts(pool, repoId, number, contentHash),
    loadState: (repoId, number) => loadTriageState(pool, repoId, number),
    async issueText(repoId, number) {
      const { rows } = await pool.query<{ repo_full_name: string; title: string; body: string; github_labels: string[]; reactions: number }>(
        'SELECT repo_full_name, title, body, github_labels, reactions FROM issues WHERE repo_id = $1 AND number = $2',
        [repoId, number],
      );
      const r = rows[0];
      return r && { repo: r.repo_full_name, title: r.title, body: r.body, labels: r.github_labels, reactions: r.reactions };
    },
    detail: (key) => getIssueDetail(pool, key, temporalLink),
    async repoLabels(repoId) {
      const kept = labelSets.get(repoId);
      if (kept && Date.now() - kept.at < LABELS_KEPT_MS) return kept.labels;
      const at = Date.now();
      const { rows } = await pool.query<{ name: string; description: string | null }>('SELECT name, description FROM repo_labels WHERE repo_id = $1 ORDER BY name LIMIT 200', [repoId]);
      const labels = rows.map((r) => ({ name: r.name, ...(r.description ? { description: r.description } : {}) }));
      if (labelSets.size >= LABEL_SETS_KEPT) labelSets.clear();
      labelSets.set(repoId, { labels, at });
      return labels;
    },
    async rememberLabels(repoId, labels) {
      if (labels.length === 0) return;
      await pool.query(
        `INSERT INTO repo_labels (repo_id, name, description)
         SELECT $1, l->>'name', l->>'description' FROM jsonb_array_elements($2::jsonb) AS l
         ON CONFLICT (repo_id, name) DO UPDATE SET description = COALESCE(EXCLUDED.description, repo_labels.description), updated_at = now()`,
        [repoId, JSON.stringify(labels)],
      );
      labelSets.delete(repoId);
    },
    saveTriage: (input) => saveTriage(pool, input),
    saveFacts: (input) => saveFacts(pool, input),
    saveCorrection: (input) => saveCorrection(pool, input),
    saveUnverifiedNote: (input) => saveUnverifiedNote(pool, input),
    markHandled: (deliveryIds) => markHandled(pool, deliveryIds),
    publish: (detail) => publishIssueUpdate(pool, detail),
  };
}
