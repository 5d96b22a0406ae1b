import type { LabeledExample } from '../types';

export interface DatasetRow {
  /** Line of the file where the row starts (1-based), for messages. */
  line: number;
  example: LabeledExample;
  createdAt?: string;
}

export interface SkippedRow {
  line: number;
  reason: string;
}

export interface Dataset {
  file: string;
  rows: DatasetRow[];
  skipped: SkippedRow[];
}

/** A file that cannot be read as a data set; the message names the file and, when known, the line. */
export class DatasetError extends Error {
  override name = 'DatasetError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${problem}`);
  }
}
