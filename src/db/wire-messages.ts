// The few facts about PostgreSQL's wire protocol (v3) the embedded database's front end needs: where a
// message ends, which messages end a cycle, and the statement name of a Parse.

export const SSL_REQUEST = 80_877_103;
export const GSSENC_REQUEST = 80_877_104;
export const CANCEL_REQUEST = 80_877_102;

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
export const PARSE = 0x50; // 'P'
export const TERMINATE = 0x58; // 'X'

/** ParseComplete: what the backend answers to a Parse that succeeded. */
export const PARSE_COMPLETE = Uint8Array.of(0x31, 0, 0, 0, 4);

/** Length of the complete typed message at `at`, or 0 while it has not fully arrived. */
export function typedMessageLength(buf: Buffer, at: number): number {
  if (buf.length - at < 5) return 0;
  const length = 1 + buf.readInt32BE(at + 1);
  return buf.length - at >= length ? length : 0;
}

/** Length of the complete untyped first message (startup, SSL or cancel request) at 0, or 0. */
export function untypedMessageLength(buf: Buffer): number {
  if (buf.length < 4) return 0;
  const length = buf.readInt32BE(0);
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

/** The statement name of a Parse message (empty for the unnamed statement). */
export function parseStatementName(message: Uint8Array): string {
  const end = message.indexOf(0, 5);
  return Buffer.from(message.buffer, message.byteOffset + 5, end - 5).toString();
}
