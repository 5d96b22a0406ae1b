import type { Pool } from 'pg';
import type { Logger } from '../../../log';
import type { Classifier, LabeledExample } from '../../types';
import { toClassification, DEFAULT_DUPLICATE_THRESHOLD } from './classify';
import { appendExamples, currentVersion, latestSnapshotHeader, readExamples, readHistory, readSnapshot, saveSnapshot } from './store';
import { createTextClassifier, textClassifierFromJSON, type TextClassifier } from './text-classifier';
import { summarize, type TrainReport } from './train-report';

export interface OfflineModel {
  /** Its id names the model version ("offline:lr@17"), so caches keyed by it never serve stale answers. */
  classifier: Classifier;
  /** Learns one human label (a correction, or an imported label); the model's own answers never come here. */
  learn(example: LabeledExample): Promise<void>;
  /** Stores the examples and refits on everything stored, corrections included. */
  train(examples: LabeledExample[]): Promise<TrainReport>;
  /** Checks for a newer version (at most once per refreshMs), as classify does before answering. */
  refresh(): Promise<void>;
  /** Rebuilds from the newest persisted state now, whatever the interval. */
  reload(): Promise<void>;
}

export interface OfflineModelDeps {
  pool: Pool;
  log: Logger;
  /** How often classify checks for a newer version written by another process. */
  refreshMs?: number;
  duplicateThreshold?: number;
  /** A snapshot is saved after this many learned examples, which bounds the replay at start-up. */
  checkpointEvery?: number;
}

/**
 * The model's state is the newest snapshot plus the examples after it, replayed in version order.
 * Replay is deterministic, so every process sharing the database holds the same model at the same
 * version, and a learn in one process reaches the others at their next check.
 */
export async function createOfflineModel(deps: OfflineModelDeps): Promise<OfflineModel> {
  const { pool, log } = deps;
  const refreshMs = deps.refreshMs ?? 1000;
  const checkpointEvery = deps.checkpointEvery ?? 500;
  let clf: TextClassifier = createTextClassifier();
  let version = 0;
  let base = { snapshot: 0, covers: 0 };
  let applied = 0;
  let lastCheck = 0;
  let queue: Promise<unknown> = Promise.resolve();

  /** One sync, train adoption or reload at a time in this process. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  async function sync(): Promise<void> {
    lastCheck = Date.now();
    const target = await currentVersion(pool);
    if (target === version) return;
    const header = await latestSnapshotHeader(pool, target);
    if (header && header.version > base.snapshot) {
      const json = await readSnapshot(pool, header.version);
      clf = textClassifierFromJSON(json, await readHistory(pool, header.covers, json.options.window));
      base = { snapshot: header.version, covers: header.covers };
      applied = header.covers;
      log.info({ snapshot: header.version, covers: header.covers }, 'offline model snapshot loaded');
    }
    for (const { version: v, example } of await readExamples(pool, applied, target)) {
      clf.partialFit(example);
      applied = v;
    }
    version = target;
  }

  async function checkpoint(): Promise<void> {
    if (applied - base.covers < checkpointEvery) return;
    const covers = applied;
    const snapshot = await saveSnapshot(pool, covers, clf.toJSON(), { reason: 'checkpoint', evidence: clf.evidence });
    // This process's model is exactly the snapshot's content: adopt it rather than load it back.
    base = { snapshot, covers };
    log.info({ snapshot, covers }, 'offline model checkpoint saved');
  }

  await serial(sync);

  const refresh = (): Promise<void> => {
    if (Date.now() - lastCheck < refreshMs) return Promise.resolve();
    lastCheck = Date.now(); // before queueing, so a burst of calls queues one check
    return serial(sync);
  };

  const classifier: Classifier = {
    // A cache in front reads the id before it decides to call classify: a stale id also starts a
    // check, so a newer version is picked up even while every answer comes from the cache.
    get id() {
      refresh().catch((err: unknown) => log.warn({ err }, 'offline model version check failed'));
      return `offline:lr@${version}`;
    },
    async classify(input) {
      await refresh();
      const model = `offline:lr@${version}`;
      return toClassification(clf.predict(input.issue), input, model, deps.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD);
    },
  };

  return {
    classifier,
    async learn(example) {
      if (!example.category && !example.priority) {
        log.warn({ repo: example.issue.repo, number: example.issue.number }, 'offline model: a label without category or priority teaches nothing; ignored');
        return;
      }
      const { added } = await appendExamples(pool, [example]);
      await serial(async () => {
        await sync();
        if (added) await checkpoint();
      });
    },
    async train(examples) {
      const started = Date.now();
      const batch = await appendExamples(pool, examples);
      return serial(async () => {
        const upTo = await currentVersion(pool);
        const all = (await readExamples(pool, 0, upTo)).map((s) => s.example);
        const fresh = createTextClassifier();
        fresh.fit(all);
        const stats = summarize(all, batch);
        const snapshot = await saveSnapshot(pool, upTo, fresh.toJSON(), stats);
        [clf, base, applied] = [fresh, { snapshot, covers: upTo }, upTo];
        await sync();
        log.info({ snapshot, examples: all.length }, 'offline model trained');
        return { ...stats, version, model: classifier.id, millis: Date.now() - started };
      });
    },
    refresh,
    reload: () =>
      serial(async () => {
        [clf, version, base, applied] = [createTextClassifier(), -1, { snapshot: 0, covers: 0 }, 0];
        await sync();
      }),
  };
}
