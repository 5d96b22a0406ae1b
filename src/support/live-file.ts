import fs from 'node:fs';
import { writePrivateFile } from './private-files';

// The dev stack leaves small JSON files in DATA_DIR (its database URL, its Temporal address) so a
// separate `server`, `worker` or `train` can attach to it. Each carries the writer's pid: a file whose
// process is gone is stale and ignored.

/** `private`: the file holds a secret (a URL with a password) and is readable by its owner only. */
export function writeLiveFile(file: string, data: Record<string, unknown>, opts: { private?: boolean } = {}): void {
  const text = JSON.stringify({ ...data, pid: process.pid });
  if (opts.private) writePrivateFile(file, text);
  else fs.writeFileSync(file, text);
}

export function readLiveFile<T extends object>(file: string): T | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as T & { pid: number };
    process.kill(info.pid, 0); // throws when that process is gone
    return info;
  } catch {
    return undefined;
  }
}

export function removeLiveFile(file: string): void {
  fs.rmSync(file, { force: true });
}
