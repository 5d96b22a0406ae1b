import fs from 'node:fs';

// The dev stack leaves small JSON files in DATA_DIR (its database URL, its Temporal address) so a
// separate `server`, `worker` or `train` can attach to it. Each carries the writer's pid: a file whose
// process is gone is stale and ignored.

export function writeLiveFile(file: string, data: Record<string, unknown>): void {
  fs.writeFileSync(file, JSON.stringify({ ...data, pid: process.pid }));
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
