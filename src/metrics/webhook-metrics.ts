import type { Request, Response, NextFunction } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Counts every webhook answer by status and times the ack, from first byte in to last byte out. */
export function webhookMetrics(registry: Registry) {
  const deliveries = new Counter({
    name: 'triageflow_webhook_deliveries_total',
    help: 'GitHub webhook deliveries answered, by HTTP status (202 accepted, 401 bad signature, 429 repository over INBOX_REPO_QUOTA, 503 database down, ...).',
    labelNames: ['status'],
    registers: [registry],
  });
  // GitHub gives up after 10 s; the buckets are dense where a healthy ack lives (a few ms to 100 ms).
  const ack = new Histogram({
    name: 'triageflow_webhook_ack_seconds',
    help: 'Time from a webhook request arriving to its answer being sent.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'triageflow_rate_limit_rejections_total',
    help: 'Webhook deliveries refused with 429 because their repository had INBOX_REPO_QUOTA deliveries waiting.',
    registers: [registry],
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const end = ack.startTimer();
    res.once('finish', () => {
      end();
      deliveries.inc({ status: String(res.statusCode) });
      if (res.statusCode === 429) rateLimited.inc();
    });
    next();
  };
}
