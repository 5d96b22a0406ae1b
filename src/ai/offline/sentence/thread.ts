import fs from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { hostInThread } from '../../../support/hosted-thread';
import type { SentenceModelFiles } from './model-files';
import { encode, parseWordPieceVocab } from './wordpiece';

// The sentence model's own thread (see embedder.ts). onnxruntime-node runs a model
// synchronously on the calling thread: on the worker's main thread every embedding would stall the
// Temporal bridge, the database pool and, in `dev`, the webhook acks for as long as it takes.

export interface SentenceThreadData {
  files: SentenceModelFiles;
  maxTokens: number;
  dimensions: number;
}

export type SentenceRequest = { kind: 'embed'; id: number; texts: string[] };
export type SentenceReply = { kind: 'embedded'; id: number; vectors: Float32Array[] } | { kind: 'embed-failed'; id: number; message: string };

hostInThread(async () => {
  const { files, maxTokens, dimensions } = workerData as SentenceThreadData;
  const vocab = parseWordPieceVocab(await fs.readFile(files.tokenizer, 'utf8'));
  // One thread per run: the workflow threads and the database need the machine's other cores.
  const session = await ort.InferenceSession.create(files.model, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });

  const embedOne = async (text: string): Promise<Float32Array> => {
    const ids = encode(vocab, text, maxTokens);
    const n = ids.length;
    const out = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [1, n]),
    });
    const hidden = out.last_hidden_state;
    if (!hidden) throw new Error(`the sentence model ${files.model} has no last_hidden_state output`);
    // bge is trained to put the sentence in its first ([CLS]) token.
    const v = Float32Array.from((hidden.data as Float32Array).subarray(0, dimensions));
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < v.length; i++) v[i]! /= norm;
    return v;
  };

  const port = parentPort!;
  port.on('message', (msg: SentenceRequest | 'stop') => {
    if (typeof msg !== 'object' || msg.kind !== 'embed') return;
    void (async () => {
      let reply: SentenceReply;
      try {
        const vectors: Float32Array[] = [];
        for (const text of msg.texts) vectors.push(await embedOne(text));
        reply = { kind: 'embedded', id: msg.id, vectors };
      } catch (err) {
        reply = { kind: 'embed-failed', id: msg.id, message: (err as Error).message };
      }
      port.postMessage(reply, reply.kind === 'embedded' ? reply.vectors.map((v) => v.buffer as ArrayBuffer) : []);
    })();
  });
  return { ready: {}, stop: () => session.release() };
});
