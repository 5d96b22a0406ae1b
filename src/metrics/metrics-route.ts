import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';
import { bearerToken, tokenMatcher } from '../support/token-check';

/**
 * `GET /metrics` in Prometheus' text format. On METRICS_PORT (loopback by default, METRICS_HOST) it is
 * open unless METRICS_TOKEN is set, as exporters usually are: the figures are aggregates (no issue text,
 * titles or repository names). On the public port (`publicPort`) it always wants METRICS_TOKEN: each
 * scrape costs database reads, and anyone on the internet could ask for them.
 */
export function metricsRoute(registry: Registry, token: string | undefined, alsoCollect?: () => Promise<string>, opts: { publicPort?: boolean } = {}) {
  const matches = token ? tokenMatcher(token) : undefined;
  return (req: Request, res: Response) => {
    if (!matches && opts.publicPort) {
      res.status(401).type('text/plain').send('/metrics on the public port needs METRICS_TOKEN: set it and give the scraper that bearer token, or scrape METRICS_PORT (bound to METRICS_HOST, loopback by default).\n');
      return;
    }
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
