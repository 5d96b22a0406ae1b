import type { PGlite } from '@electric-sql/pglite';
import { endsCycle, firstMessage, lastMessageType, PARSE, PARSE_COMPLETE, parseStatementName, SYNC_MESSAGE } from './wire-messages';

// PGlite has a single backend, so every client connection takes turns on it. Another client's Parse must
// not land between a cycle's messages (it would replace the unnamed statement: "bind message supplies 3
// parameters, but prepared statement requires 6"), so the backend changes hands only at a cycle's end,
// after a Sync or a simple Query, and never inside a transaction. Each queued item is the run of
// messages a session received together (wire-session.ts), normally one whole cycle.
//
// Connections that announce PRIORITY_APPLICATION as their application_name (the webhook ingest pool) go
// first whenever the backend is free: a delivery's insert then waits for at most the statement or
// transaction in progress, not for the whole queue of pipeline queries.
//
// Named prepared statements live in the one backend too, so they are shared by every session. The pool
// names a statement after a hash of its text (pool.ts), so a name always means the same statement: a
// session's Parse of a name the backend already holds is answered here, and its Bind finds it prepared.
//
// A session that keeps the backend (inside a transaction, or between a cycle's messages) and sends
// nothing for `idleTimeoutMs` holds up every other session, acks included: it is closed and its
// transaction rolled back, as PostgreSQL's idle_in_transaction_session_timeout does.

const PROTOCOL_V3 = 196_608;
export const PRIORITY_APPLICATION = 'triageflow-ingest';

/** The application_name of a StartupMessage (length, protocol 3.0, then NUL-terminated key/value pairs). */
function startupApplicationName(message: Uint8Array): string | undefined {
  if (message.length < 8 || message[0] !== 0) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(4) !== PROTOCOL_V3) return undefined;
  const fields = new TextDecoder().decode(message.subarray(8)).split('\0');
  const at = fields.indexOf('application_name');
  return at >= 0 ? fields[at + 1] : undefined;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

interface Pending {
  handlerId: number;
  /** 'release': the session is gone; end its cycle and roll back its transaction. */
  message: Uint8Array | 'release';
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: Error) => void;
}

export interface SessionQueueOptions {
  /** How long a session may keep the backend without sending anything (EMBEDDED_IDLE_TX_TIMEOUT). */
  idleTimeoutMs: number;
}

export class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  /** The owner stopped between a cycle's messages (no Sync yet). */
  private ownerMidCycle = false;
  private processing = false;
  private scheduled = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly priority = new Set<number>();
  /** How to close each session, for the idle timeout. */
  private readonly sessions = new Map<number, (reason: string) => void>();
  /** Named statements the backend holds, by name: the Parse message that prepared each. */
  private readonly statements = new Map<string, Uint8Array>();

  constructor(private readonly db: PGlite, private readonly opts: SessionQueueOptions = { idleTimeoutMs: 10_000 }) {}

  /** A session's way to close itself (with a FATAL error to its client) when it idles holding the backend. */
  register(handlerId: number, close: (reason: string) => void): void {
    this.sessions.set(handlerId, close);
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (startupApplicationName(message) === PRIORITY_APPLICATION) this.priority.add(handlerId);
    if (handlerId === this.owner) this.disarmIdleTimer();
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      // The rest of a cycle or transaction runs at once: nobody else may have the backend meanwhile.
      // A new one waits for the end of this turn of the event loop, so that every session read in this
      // turn is queued before the pick below: run at once, each statement was executed before the next
      // session's was even queued, and the pick never saw the priority client (measured: 34 ms for its
      // SELECT 1 behind ten 3.7 ms statements).
      if (this.owner === handlerId) void this.process();
      else this.scheduleProcess();
    });
  }

  private scheduleProcess(): void {
    if (this.processing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.priority.delete(handlerId);
    this.sessions.delete(handlerId);
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId || q.message === 'release') return true;
      q.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /**
   * A client that disconnects mid-cycle or mid-transaction gives the backend back, rolled back. The
   * release goes through the queue like any message, so it never runs beside a statement of the session.
   */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId || this.queue.some((q) => q.handlerId === handlerId && q.message === 'release')) return;
    await new Promise<number>((resolve, reject) => {
      this.queue.unshift({ handlerId, message: 'release', onData: () => undefined, resolve, reject });
      void this.process();
    }).catch(() => undefined);
  }

  private disarmIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** The owner keeps the backend with nothing queued: it has this long to send its next message. */
  private armIdleTimer(): void {
    const owner = this.owner;
    if (owner === null || this.idleTimer || this.queue.some((q) => q.handlerId === owner)) return;
    const what = this.ownerMidCycle ? 'between the messages of a cycle' : 'in a transaction';
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.owner !== owner || this.processing) return;
      const reason = `idle ${what} for more than ${this.opts.idleTimeoutMs} ms while other sessions wait (EMBEDDED_IDLE_TX_TIMEOUT)`;
      this.sessions.get(owner)?.(reason);
      this.clearQueueForHandler(owner);
      void this.clearTransactionIfNeeded(owner);
    }, this.opts.idleTimeoutMs);
    this.idleTimer.unref();
  }

  /** Ends the cycle a session left open and rolls back its transaction, then frees the backend. */
  private async release(item: Pending): Promise<void> {
    if (this.owner === item.handlerId) {
      if (this.ownerMidCycle) await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }));
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    }
    this.owner = null;
    this.ownerMidCycle = false;
    this.disarmIdleTimer();
    item.resolve(0);
  }

  private next(): Pending | undefined {
    if (this.owner === null) {
      const first = this.priority.size ? this.queue.findIndex((q) => this.priority.has(q.handlerId)) : -1;
      return first === -1 ? this.queue.shift() : this.queue.splice(first, 1)[0];
    }
    const i = this.queue.findIndex((q) => q.handlerId === this.owner);
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        if (item.message === 'release') {
          await this.release(item).catch((err: Error) => item.reject(err));
          continue;
        }
        this.owner = item.handlerId;
        this.disarmIdleTimer();
        let messages = item.message;
        const replies: Uint8Array[] = [];
        // A named Parse opens the cycle (pg sends it first): answered here when the backend holds it.
        const parse = messages[0] === PARSE ? firstMessage(messages) : undefined;
        const name = parse && parseStatementName(parse);
        if (name) {
          const held = this.statements.get(name);
          if (held && sameBytes(held, parse)) {
            replies.push(PARSE_COMPLETE);
            messages = messages.subarray(parse.length);
          }
        }
        try {
          if (messages.length) {
            await this.db.runExclusive(() => this.db.execProtocolRawStream(messages, { onRawData: (data) => void replies.push(data.slice()) }));
          }
        } catch (err) {
          item.reject(err as Error);
          continue;
        } finally {
          const last = lastMessageType(item.message); // 0: the startup message, which is a cycle of its own
          this.ownerMidCycle = last !== 0 && !endsCycle(last);
          if (!this.ownerMidCycle && !this.db.isInTransaction()) this.owner = null;
        }
        if (name && messages === item.message && replies[0]?.[0] === PARSE_COMPLETE[0]) this.statements.set(name, parse.slice());
        const reply = replies.length === 1 ? replies[0]! : Buffer.concat(replies);
        item.onData(reply);
        item.resolve(reply.length);
        // Between two cycles, let the event loop read the sockets before the next pick: awaiting PGlite
        // only yields to microtasks, so a queue of statements was otherwise worked through without a look
        // at the sockets, and a priority client's statement arrived only after all of it.
        if (this.owner === null && this.queue.length) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.processing = false;
      this.armIdleTimer();
    }
  }
}
