import { PROTOCOL_V3, WireProtocolError } from './wire-messages';
import { SCRAM_MECHANISM, ScramError } from './scram';

// The startup exchange of the embedded database's front end, as PostgreSQL runs it: the startup
// packet, SCRAM-SHA-256 over AuthenticationSASL / SASLInitialResponse / SASLContinue / SASLResponse /
// SASLFinal, then PGlite's own AuthenticationOk and parameters. The messages are built and read here.

// Forwarded to PGlite after authentication; the rest are dropped. Its one backend is shared by every
// session, so a client's `replication` or `options` would change it for all of them (PGlite refuses
// every extended-protocol query on a replication connection, and a startup packet it cannot read exits
// the process).
const FORWARDED_PARAMETERS = ['user', 'database', 'application_name'];

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

function backendMessage(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

/** The parameters of a startup packet, which a client sends first (length, protocol, key\0value\0 pairs, \0). */
export function readStartupPacket(message: Buffer): Map<string, string> {
  const protocol = message.readInt32BE(4);
  if (protocol !== PROTOCOL_V3) throw new WireProtocolError(`protocol ${protocol >> 16}.${protocol & 0xffff} is not supported (3.0 is)`);
  if (message[message.length - 1] !== 0) throw new WireProtocolError('the startup packet does not end with a NUL byte');
  const fields = message.subarray(8, message.length - 1).toString('utf8').split('\0');
  fields.pop(); // each pair ends with NUL, so the split leaves an empty last field
  if (fields.length % 2) throw new WireProtocolError('the startup packet has a parameter without a value');
  const params = new Map<string, string>();
  for (let i = 0; i < fields.length; i += 2) params.set(fields[i]!, fields[i + 1]!);
  if (!params.get('user')) throw new WireProtocolError('the startup packet names no user');
  return params;
}

/** The startup packet PGlite is given: only the parameters that concern this session. */
export function forwardedStartupPacket(params: Map<string, string>): Uint8Array {
  const pairs = FORWARDED_PARAMETERS.filter((k) => params.has(k)).map((k) => `${k}\0${params.get(k)}\0`).join('');
  const body = Buffer.concat([int32(PROTOCOL_V3), Buffer.from(`${pairs}\0`)]);
  return new Uint8Array(Buffer.concat([int32(body.length + 4), body]));
}

/** AuthenticationSASL: the mechanisms the server offers. */
export const authenticationSasl = () => backendMessage('R', Buffer.concat([int32(10), Buffer.from(`${SCRAM_MECHANISM}\0\0`)]));
export const authenticationSaslContinue = (data: string) => backendMessage('R', Buffer.concat([int32(11), Buffer.from(data)]));
export const authenticationSaslFinal = (data: string) => backendMessage('R', Buffer.concat([int32(12), Buffer.from(data)]));

/** A FATAL ErrorResponse: the client reports it, then the connection closes. */
export function fatalError(code: string, message: string): Buffer {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', code], ['M', message]].map(([k, v]) => `${k}${v}\0`).join('');
  return backendMessage('E', Buffer.from(`${fields}\0`));
}

/** The mechanism and client-first-message of a SASLInitialResponse ('p'). */
export function readSaslInitialResponse(message: Buffer): { mechanism: string; data: string } {
  const end = message.indexOf(0, 5);
  if (end < 0 || end + 5 > message.length) throw new ScramError('malformed SASLInitialResponse');
  const mechanism = message.subarray(5, end).toString();
  const length = message.readInt32BE(end + 1);
  if (length < 0 || end + 5 + length !== message.length) throw new ScramError('malformed SASLInitialResponse');
  return { mechanism, data: message.subarray(end + 5).toString() };
}

/** The client-final-message of a SASLResponse ('p'). */
export const readSaslResponse = (message: Buffer): string => message.subarray(5).toString();
