import { parse } from 'csv-parse/sync';
import { PRIORITIES, type Priority } from '../../domain/triage';
import { matchLabels, normalizeLabel, type LabelMap } from './label-map';
import { DatasetError, type Dataset } from './types';

// CSV with a header row naming at least title, body and label. Extra columns are allowed; repo,
// number, created_at, reactions and priority are used when present. A label cell may hold several
// labels separated by ";", "," or "|".

const REQUIRED = ['title', 'body', 'label'] as const;

interface Parsed {
  record: Record<string, string>;
  info: { lines: number };
}

export function parseCsvDataset(file: string, text: string, map: LabelMap): Dataset {
  let parsed: Parsed[];
  try {
    parsed = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      bom: true,
      skip_empty_lines: true,
    }) as unknown as Parsed[];
  } catch (err) {
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? ((err as { lines: number }).lines) : undefined;
    throw new DatasetError(file, line, `not valid CSV: ${(err as Error).message}`);
  }
  const columns = parsed[0] ? Object.keys(parsed[0].record) : headerOf(text);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) throw new DatasetError(file, 1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${columns.join(', ') || 'none'})`);

  const dataset: Dataset = { file, rows: [], skipped: [] };
  let previousEnd = 1;
  for (const { record: r, info } of parsed) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    const title = (r.title ?? '').trim();
    const body = r.body ?? '';
    if (!title && !body.trim()) {
      dataset.skipped.push({ line, reason: 'empty title and body' });
      continue;
    }
    const labels = (r.label ?? '').split(/[;,|]/).map((l) => l.trim()).filter(Boolean);
    const match = matchLabels(labels, map);
    if ('problem' in match) {
      dataset.skipped.push({ line, reason: match.problem });
      continue;
    }
    let priority: Priority | undefined = match.priority;
    if (r.priority?.trim()) {
      const p = map.priorities.get(normalizeLabel(r.priority)) ?? (PRIORITIES.includes(r.priority.trim() as Priority) ? (r.priority.trim() as Priority) : undefined);
      if (!p) {
        dataset.skipped.push({ line, reason: `priority "${r.priority}" is not one of ${PRIORITIES.join(', ')}` });
        continue;
      }
      priority = p;
    }
    const number = Number(r.number);
    const reactions = Number(r.reactions);
    dataset.rows.push({
      line,
      createdAt: r.created_at?.trim() || undefined,
      example: {
        issue: {
          repo: r.repo?.trim() ?? '',
          ...(Number.isInteger(number) && number > 0 ? { number } : {}),
          title,
          body,
          labels,
          ...(Number.isFinite(reactions) && reactions > 0 ? { reactions } : {}),
        },
        category: match.category,
        ...(priority ? { priority } : {}),
        source: 'import',
      },
    });
  }
  return dataset;
}

function headerOf(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}
