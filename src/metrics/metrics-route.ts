import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';
import { bearerToken, tokenMatcher } from '../support/token-check';

/**
 * `GET /metrics` in Prometheus' text format. Open unless METRICS_TOKEN is set: the figures are
 * aggregates (no issue text, titles or repository names), and most scrapers expect an open exporter.
 */
export function metricsRoute(registry: Registry, token: string | undefined, alsoCollect?: () => Promise<string>) {
  const matches = token ? tokenMatcher(token) : undefined;
  return (req: Request, res: Response) => {
    if (matches && !matches(bearerToken(req.get('authorization')))) {
      res.status(401).type('text/plain').send('Missing or wrong "Authorization: Bearer <token>": set the scraper\'s bearer token to METRICS_TOKEN.\n');
      return;
    }
    // Each metric family appears once: the other thread's registry has names of its own.
    Promise.all([registry.metrics(), alsoCollect?.() ?? '']).then(([own, other]) => (other ? `${own}\n${other}` : own)).then(
      (text) => void res.type(registry.contentType).send(text),
      (err: Error) => void res.status(500).type('text/plain').send(`Collecting metrics failed: ${err.message}. Check the server log and the database.\n`),
    );
  };
}
