import fs from 'node:fs/promises';
import path from 'node:path';
import { parseCsvDataset } from './csv';
import { parseGithubIssues } from './github-issues';
import { defaultLabelMap, type LabelMap } from './label-map';
import { DatasetError, type Dataset } from './types';

/** Reads a labelled data set: CSV by extension or content, otherwise JSON lines of GitHub issues. */
export async function loadDataset(file: string, map: LabelMap = defaultLabelMap()): Promise<Dataset> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatasetError(file, undefined, code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`);
  }
  const ext = path.extname(file).toLowerCase();
  const looksJson = ['.jsonl', '.ndjson', '.json'].includes(ext) || (ext !== '.csv' && /^\s*[[{]/.test(text));
  return looksJson ? parseGithubIssues(file, text, map) : parseCsvDataset(file, text, map);
}
