// The few facts about PostgreSQL's wire protocol (v3) the embedded database's front end needs: where a
// message ends, which messages a client may send, which end a cycle, and the statement name of a Parse.

export const SSL_REQUEST = 80_877_103;
export const GSSENC_REQUEST = 80_877_104;
export const CANCEL_REQUEST = 80_877_102;
export const PROTOCOL_V3 = 196_608;

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
export const PARSE = 0x50; // 'P'
export const TERMINATE = 0x58; // 'X'
export const PASSWORD = 0x70; // 'p': SASLInitialResponse and SASLResponse

/** ParseComplete: what the backend answers to a Parse that succeeded. */
export const PARSE_COMPLETE = Uint8Array.of(0x31, 0, 0, 0, 4);

// PostgreSQL's own limits (pqcomm.h): a startup packet is at most 10,000 bytes, and so are the
// messages that carry no data (Sync, Execute, Describe...). Larger messages carry a statement or its
// parameters; GitHub's 25 MB payloads are the largest this project sends, so 128 MB leaves room.
export const MAX_STARTUP_BYTES = 10_000;
const SMALL_MESSAGE_BYTES = 10_000;
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

// What a client may send once it is authenticated, as PostgreSQL's backend loop accepts them. PGlite
// exits the whole process on any other type (one byte of garbage took the dev stack down), so nothing
// else reaches it. Bind, Parse, Query, CopyData and FunctionCall carry data; the rest are small.
const LARGE_TYPES = new Set('BPQdF'.split('').map((c) => c.charCodeAt(0)));
const SMALL_TYPES = new Set('CDEHSXcf'.split('').map((c) => c.charCodeAt(0)));

/** A message no PostgreSQL client sends: the session that sent it is closed. */
export class WireProtocolError extends Error {
  override name = 'WireProtocolError';
}

const typeName = (type: number) => (type >= 0x20 && type < 0x7f ? `'${String.fromCharCode(type)}'` : `0x${type.toString(16).padStart(2, '0')}`);

/**
 * Length of the complete typed message at `at`, or 0 while it has not fully arrived. `allowed` are the
 * types this stage of the session takes (after authentication: every frontend message but passwords);
 * a type outside them or a length outside the protocol's limits throws a WireProtocolError.
 */
export function typedMessageLength(buf: Buffer, at: number, allowed: 'session' | 'authentication' = 'session'): number {
  if (buf.length - at < 1) return 0;
  const type = buf[at]!;
  const max = allowed === 'authentication'
    ? (type === PASSWORD ? SMALL_MESSAGE_BYTES : -1)
    : LARGE_TYPES.has(type) ? MAX_MESSAGE_BYTES : SMALL_TYPES.has(type) ? SMALL_MESSAGE_BYTES : -1;
  if (max < 0) throw new WireProtocolError(`message type ${typeName(type)} is not one a client sends ${allowed === 'authentication' ? 'while authenticating' : 'in a session'}`);
  if (buf.length - at < 5) return 0;
  const declared = buf.readInt32BE(at + 1);
  if (declared < 4 || declared > max) throw new WireProtocolError(`message ${typeName(type)} declares ${declared} bytes (allowed 4..${max})`);
  const length = 1 + declared;
  return buf.length - at >= length ? length : 0;
}

/** Length of the complete untyped first message (startup, SSL or cancel request) at 0, or 0. */
export function untypedMessageLength(buf: Buffer): number {
  if (buf.length < 4) return 0;
  const length = buf.readInt32BE(0);
  if (length < 8 || length > MAX_STARTUP_BYTES) throw new WireProtocolError(`the startup packet declares ${length} bytes (allowed 8..${MAX_STARTUP_BYTES})`);
  return buf.length >= length ? length : 0;
}

/** The first of a run of whole typed messages. */
export function firstMessage(messages: Uint8Array): Uint8Array {
  return messages.subarray(0, 1 + new DataView(messages.buffer, messages.byteOffset, messages.byteLength).getInt32(1));
}

/** The type of the last message of a run of whole typed messages; 0 for an untyped (startup) message. */
export function lastMessageType(messages: Uint8Array): number {
  if (messages[0] === 0) return 0;
  let type = 0;
  for (let rest = messages; rest.length; rest = rest.subarray(firstMessage(rest).length)) type = rest[0]!;
  return type;
}

/** Sync and a simple Query end a message cycle: the backend answers ReadyForQuery after them. */
export function endsCycle(type: number): boolean {
  return type === SYNC || type === QUERY;
}

/** A Sync message, sent for a session that left in the middle of a cycle. */
export const SYNC_MESSAGE = Uint8Array.of(SYNC, 0, 0, 0, 4);

/** The statement name of a Parse message (empty for the unnamed statement). */
export function parseStatementName(message: Uint8Array): string {
  const end = message.indexOf(0, 5);
  return Buffer.from(message.buffer, message.byteOffset + 5, end - 5).toString();
}
