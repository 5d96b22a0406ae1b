import { startHostedThread, type HostedThread } from '../../../support/hosted-thread';
import type { Embedder } from '../../types';
import { SENTENCE_MODEL, type SentenceModelFiles } from './model-files';
import type { SentenceReply, SentenceRequest, SentenceThreadData } from './thread';

// A sentence embedding run in this process: it places paraphrases near each other, which the words
// (the lexical side of similar-issue search) cannot. Fused with the words, it lifts recall@5 on the
// SeaMonkey duplicates from 0.758 to 0.806 (0.823 through the indexes) and MRR from 0.552 to 0.632
// (`eval --duplicates`, README).
//
// It reads the title and the opening of the body only, 64 tokens by default (OFFLINE_SENTENCE_TOKENS):
// that is where a report says what it is about, and the words already cover the whole text. Chosen on
// three corpora, fused recall@5 at 32 / 64 / 128 tokens: SeaMonkey 0.839 / 0.806 / 0.823, a Jira-style
// Java corpus 0.551 / 0.623 / 0.629, GitHub issues 1.0 / 0.986 / 0.973. 64 is never far from the best
// (at most 0.033 behind) where 32 falls 0.078 behind on Jira text, whose first lines are often a log or
// a trace, and 128 costs twice the CPU of 64 (46 against 23 ms an issue, 12 at 32, on a loaded host).
// Frozen for this id, as every embedder's recipe is: change the token count and the id changes, so
// start-up asks for a `reembed`.

export const SENTENCE_DIMENSIONS = 384;
/** The default window (OFFLINE_SENTENCE_TOKENS). */
export const SENTENCE_TOKENS = 64;

export interface SentenceEmbedder extends Embedder {
  /** Ends the model's thread; an embed after this starts it again. */
  close(): Promise<void>;
}

/**
 * The model runs in a thread of its own (thread.ts), started now so that a missing or broken
 * model fails the start rather than the first triage. A thread that dies is started again on the next
 * call; the calls it had in hand fail and are retried by their activity.
 */
export async function createSentenceEmbedder(files: SentenceModelFiles, opts: { maxTokens?: number } = {}): Promise<SentenceEmbedder> {
  const maxTokens = opts.maxTokens ?? SENTENCE_TOKENS;
  const workerData: SentenceThreadData = { files, maxTokens, dimensions: SENTENCE_DIMENSIONS };
  const pending = new Map<number, { resolve: (v: number[][]) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let thread: Promise<HostedThread<object>> | undefined;

  const start = () => {
    const started = startHostedThread<object>({
      dir: __dirname, name: 'thread', what: 'the offline sentence model', workerData, unref: true,
      onMessage: (msg) => {
        const reply = msg as SentenceReply;
        const call = pending.get(reply.id);
        if (!call) return;
        pending.delete(reply.id);
        if (reply.kind === 'embedded') call.resolve(reply.vectors.map((v) => Array.from(v)));
        else call.reject(new Error(`the offline sentence model failed: ${reply.message}`));
      },
    }).then((hosted) => {
      hosted.exited.catch((err: Error) => {
        thread = undefined;
        for (const call of pending.values()) call.reject(err);
        pending.clear();
      });
      return hosted;
    });
    started.catch(() => { thread = undefined; });
    return started;
  };
  thread = start();
  await thread;

  return {
    id: `offline:${SENTENCE_MODEL.name}-t${maxTokens}:${SENTENCE_DIMENSIONS}`,
    dimensions: SENTENCE_DIMENSIONS,
    async embed(texts) {
      if (texts.length === 0) return [];
      const hosted = await (thread ??= start());
      const id = nextId++;
      return new Promise<number[][]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        hosted.post({ kind: 'embed', id, texts } satisfies SentenceRequest);
      });
    },
    async close() {
      const current = thread;
      thread = undefined;
      if (current) await (await current).stop();
    },
  };
}
