import fs from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

// The files of a duplicate-retrieval evaluation, in the format of the gitbugs data set: issues as JSON
// lines (`id, title, body, created_at`) and known links as CSV (`id, duplicate_of`).

export interface CorpusIssue {
  /** The issue's number in the evaluation repository (the file's id). */
  number: number;
  title: string;
  body: string;
  createdAt?: string;
}

export interface DuplicateLink {
  number: number;
  duplicateOf: number;
}

export class CorpusError extends Error {
  override name = 'CorpusError';
}

export async function loadCorpusIssues(file: string): Promise<CorpusIssue[]> {
  const text = await readFile(file);
  const seen = new Set<number>();
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    const where = `${file} line ${i + 1}`;
    let row: { id?: unknown; title?: unknown; body?: unknown; created_at?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (err) {
      throw new CorpusError(`${where} is not JSON (${(err as Error).message}); each line must be one object with id, title and body`);
    }
    const number = issueNumber(row.id, where);
    if (typeof row.title !== 'string') throw new CorpusError(`${where}: "title" must be a string`);
    if (row.body !== undefined && row.body !== null && typeof row.body !== 'string') throw new CorpusError(`${where}: "body" must be a string or absent`);
    if (seen.has(number)) throw new CorpusError(`${where}: id ${number} appears twice; ids must be unique`);
    seen.add(number);
    return [{ number, title: row.title, body: (row.body as string | undefined) ?? '', createdAt: typeof row.created_at === 'string' ? row.created_at : undefined }];
  });
}

export async function loadDuplicateLinks(file: string): Promise<DuplicateLink[]> {
  let rows: Record<string, string>[];
  try {
    rows = parse(await readFile(file), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    throw new CorpusError(`${file} is not CSV with a header row (${(err as Error).message})`);
  }
  if (rows.length > 0 && !('id' in rows[0]! && 'duplicate_of' in rows[0]!)) {
    throw new CorpusError(`${file} needs the columns id and duplicate_of (found ${Object.keys(rows[0]!).join(', ')})`);
  }
  return rows.map((r, i) => {
    const where = `${file} row ${i + 2}`;
    return { number: issueNumber(r.id, where), duplicateOf: issueNumber(r.duplicate_of, where) };
  });
}

function issueNumber(value: unknown, where: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw new CorpusError(`${where}: id "${String(value)}" must be a positive whole number below 2^31`);
  return n;
}

async function readFile(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new CorpusError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
