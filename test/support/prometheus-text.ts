// parse-prometheus-text-format ships no types; its output follows prom2json's shape.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

export interface Sample {
  labels?: Record<string, string>;
  value?: string;
  count?: string;
  sum?: string;
  buckets?: Record<string, string>;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: Sample[];
}

/** Scrapes a /metrics URL and parses it with a Prometheus text-format parser; throws on a non-200. */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, MetricFamily>> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parse(await res.text()).map((f) => [f.name, f]));
}

const matches = (s: Sample, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v);

/**
 * The value of a counter or gauge series (0 when absent), or a histogram's count, read from its +Inf
 * bucket (the same number by definition): this parser drops `_count` and labels of labelled histograms.
 */
export function valueOf(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  if (!family) return 0;
  return family.metrics.filter((s) => matches(s, labels)).reduce((sum, s) => sum + Number(s.value ?? s.buckets?.['+Inf'] ?? 0), 0);
}
