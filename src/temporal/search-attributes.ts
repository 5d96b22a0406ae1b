import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TRIAGE_SEARCH_ATTRIBUTES } from '../domain/search-attributes';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** Registers the triage search attributes on an existing server (the dev server gets them as flags). */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = TRIAGE_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED[k.type]!])),
    });
  } catch (err) {
    throw new Error(
      `Could not register the search attributes ${missing.map((k) => k.name).join(', ')} in namespace ${namespace}: ${(err as Error).message}. ` +
        'Register them once with `temporal operator search-attribute create` (Keyword: TriageRepo, TriageCategory, TriagePriority, TriageStatus; Double: TriageConfidence; Bool: TriageCorrected).',
    );
  }
}
