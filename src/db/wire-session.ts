import type net from 'node:net';
import type { SessionQueue } from './session-queue';
import { CANCEL_REQUEST, endsCycle, GSSENC_REQUEST, SSL_REQUEST, TERMINATE, typedMessageLength, untypedMessageLength } from './wire-messages';

let nextSessionId = 1;

/**
 * One client connection to the embedded database. `pg` writes a query's Parse, Bind, Describe, Execute
 * and Sync together; they reach the session queue as one cycle, which PGlite runs in one call and
 * answers in one write. Handed over message by message (as pglite-socket's handler does), each cost a
 * call into PGlite, a socket write here and a read in the client: five of each per query.
 */
export function serveWireSession(socket: net.Socket, queue: SessionQueue): void {
  const id = nextSessionId++;
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  let open = true;
  socket.setNoDelay(true);
  const reply = (data: Uint8Array) => {
    if (open && data.length && socket.writable) socket.write(data);
  };
  const run = (messages: Buffer) => {
    // A copy: the queue may hold it past this chunk's lifetime.
    queue.enqueue(id, new Uint8Array(messages), reply).catch(() => {
      // Rejected when the session closed meanwhile (nothing to answer), or PGlite itself failed: the
      // client sees its connection drop rather than wait for an answer that will not come.
      if (open) socket.destroy();
    });
  };

  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (!started) {
      const length = untypedMessageLength(pending);
      if (!length) return;
      const code = length >= 8 ? pending.readInt32BE(4) : 0;
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        socket.write('N'); // loopback only: no encryption, and the client goes on in the clear
      } else if (code === CANCEL_REQUEST) {
        socket.destroy(); // one backend serves every session: there is nothing to cancel separately
        return;
      } else {
        started = true;
        run(message);
      }
    }
    let cycleStart = 0;
    let at = 0;
    for (let length = typedMessageLength(pending, at); length; length = typedMessageLength(pending, at)) {
      const type = pending[at]!;
      if (type === TERMINATE) {
        if (cycleStart < at) run(pending.subarray(cycleStart, at));
        socket.end();
        pending = Buffer.alloc(0);
        return;
      }
      at += length;
      if (endsCycle(type)) {
        run(pending.subarray(cycleStart, at));
        cycleStart = at;
      }
    }
    // Whole messages of a cycle whose Sync has not arrived yet run now; the queue keeps the backend for
    // this session until the cycle ends.
    if (cycleStart < at) run(pending.subarray(cycleStart, at));
    pending = pending.subarray(at);
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    open = false;
    queue.clearQueueForHandler(id);
    void queue.clearTransactionIfNeeded(id);
  });
}
