import type net from 'node:net';
import type { SessionQueue } from './session-queue';
import { ScramError, ScramExchange, SCRAM_MECHANISM, type ScramVerifier } from './scram';
import {
  authenticationSasl, authenticationSaslContinue, authenticationSaslFinal, fatalError, forwardedStartupPacket, readSaslInitialResponse, readSaslResponse,
  readStartupPacket,
} from './wire-auth';
import { CANCEL_REQUEST, endsCycle, GSSENC_REQUEST, SSL_REQUEST, TERMINATE, typedMessageLength, untypedMessageLength, WireProtocolError } from './wire-messages';

let nextSessionId = 1;

// PostgreSQL gives a client a minute (authentication_timeout); a local client answers in milliseconds,
// and a connection that never finishes holds a socket for nothing.
const AUTH_TIMEOUT_MS = 10_000;

/** Something about one session worth a log line (the database's thread has no logger of its own). */
export interface WireSessionEvent {
  level: 'info' | 'warn';
  message: string;
  session: number;
  remote: string | undefined;
  reason?: string;
}

export interface WireSessionOptions {
  queue: SessionQueue;
  /** The password's SCRAM verifier: every client authenticates before PGlite sees a byte of it. */
  verifier: ScramVerifier;
  report: (event: WireSessionEvent) => void;
}

type Stage = 'startup' | 'sasl-initial' | 'sasl-response' | 'ready';

/**
 * One client connection to the embedded database. It authenticates with SCRAM-SHA-256 first; a
 * malformed, oversized or unknown message closes this connection only, with a FATAL error and a log
 * line, and never reaches PGlite (which exits the whole process on some). Once authenticated, `pg`
 * writes a query's Parse, Bind, Describe, Execute and Sync together; they reach the session queue as
 * one cycle, which PGlite runs in one call and answers in one write. Handed over message by message
 * (as pglite-socket's handler does), each cost a call into PGlite, a socket write here and a read in the
 * client: five of each per query.
 */
export function serveWireSession(socket: net.Socket, opts: WireSessionOptions): void {
  const { queue } = opts;
  const id = nextSessionId++;
  const remote = socket.remoteAddress && `${socket.remoteAddress}:${socket.remotePort}`;
  let pending: Buffer = Buffer.alloc(0);
  let stage: Stage = 'startup';
  let params = new Map<string, string>();
  let scram: ScramExchange | undefined;
  let open = true;
  socket.setNoDelay(true);

  const refuse = (code: string, message: string, reason: string) => {
    if (!open) return;
    open = false;
    opts.report({ level: 'warn', message: stage === 'ready' ? 'embedded database session closed: malformed message' : 'embedded database connection refused', session: id, remote, reason });
    socket.end(fatalError(code, message));
    socket.destroySoon();
  };
  const authTimer = setTimeout(() => refuse('08006', 'authentication did not finish in time', `no authentication within ${AUTH_TIMEOUT_MS} ms`), AUTH_TIMEOUT_MS);
  authTimer.unref();

  const reply = (data: Uint8Array) => {
    if (open && data.length && socket.writable) socket.write(data);
  };
  const run = (messages: Uint8Array) => {
    // A copy: the queue may hold it past this chunk's lifetime.
    queue.enqueue(id, new Uint8Array(messages), reply).catch(() => {
      // Rejected when the session closed meanwhile (nothing to answer), or PGlite itself failed: the
      // client sees its connection drop rather than wait for an answer that will not come.
      if (open) socket.destroy();
    });
  };
  queue.register(id, (reason) => {
    if (!open) return;
    open = false;
    opts.report({ level: 'warn', message: 'embedded database session closed', session: id, remote, reason });
    socket.end(fatalError('25P03', `terminating connection: ${reason}`));
    socket.destroySoon();
  });

  /** The startup packet and the SASL exchange; true once the session is authenticated. */
  const authenticate = (): boolean => {
    while (stage === 'startup') {
      const length = untypedMessageLength(pending);
      if (!length) return false;
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        socket.write('N'); // loopback only: no encryption, and the client goes on in the clear
      } else if (code === CANCEL_REQUEST) {
        socket.destroy(); // one backend serves every session: there is nothing to cancel separately
        open = false;
        return false;
      } else {
        params = readStartupPacket(message);
        socket.write(authenticationSasl());
        stage = 'sasl-initial';
      }
    }
    while (stage !== 'ready') {
      const length = typedMessageLength(pending, 0, 'authentication');
      if (!length) return false;
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      if (stage === 'sasl-initial') {
        const initial = readSaslInitialResponse(message);
        if (initial.mechanism !== SCRAM_MECHANISM) throw new ScramError(`mechanism "${initial.mechanism}" is not offered (${SCRAM_MECHANISM} is)`);
        scram = new ScramExchange(opts.verifier);
        socket.write(authenticationSaslContinue(scram.first(initial.data)));
        stage = 'sasl-response';
      } else {
        socket.write(authenticationSaslFinal(scram!.final(readSaslResponse(message))));
        stage = 'ready';
        clearTimeout(authTimer);
        // PGlite answers AuthenticationOk, the parameters and ReadyForQuery, as after any startup.
        run(forwardedStartupPacket(params));
      }
    }
    return true;
  };

  /** Whole cycles go to the queue as they arrive; a Terminate ends the session. */
  const serve = () => {
    let cycleStart = 0;
    let at = 0;
    // A malformed message throws here: the whole cycles before it have run, the rest is dropped with the session.
    for (let length = typedMessageLength(pending, at); length; length = typedMessageLength(pending, at)) {
      const type = pending[at]!;
      if (type === TERMINATE) {
        if (cycleStart < at) run(pending.subarray(cycleStart, at));
        open = false;
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
  };

  socket.on('data', (chunk: Buffer) => {
    if (!open) return;
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    try {
      if (stage !== 'ready' && !authenticate()) return;
      serve();
    } catch (err) {
      if (err instanceof ScramError) {
        const user = params.get('user') ?? '';
        refuse('28P01', `password authentication failed for user "${user}"`, err.message);
      } else if (err instanceof WireProtocolError) {
        refuse('08P01', `invalid message: ${err.message}`, err.message);
      } else {
        throw err;
      }
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    open = false;
    clearTimeout(authTimer);
    queue.clearQueueForHandler(id);
    void queue.clearTransactionIfNeeded(id);
  });
}
