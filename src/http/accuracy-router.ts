import express from 'express';
import { ACCURACY_WINDOWS, type AccuracyWindow } from '../issues/accuracy';
import type { AccuracyReader } from '../issues/accuracy-reads';
import { HttpError } from './http-error';
import { readScope } from './read-auth';

/** `GET /api/accuracy?repo=owner/name&window=week&periods=12`: the model against people, per period. */
export function createAccuracyRouter(deps: { accuracy: AccuracyReader; gracePeriodMs: number }): express.Router {
  const router = express.Router();
  router.get('/api/accuracy', (req, res, next) => {
    const q = req.query as Record<string, string | undefined>;
    const window = (q.window || 'week') as AccuracyWindow;
    if (!ACCURACY_WINDOWS.includes(window)) return next(new HttpError(400, `window must be one of ${ACCURACY_WINDOWS.join(', ')}.`));
    const periods = q.periods === undefined || q.periods === '' ? 12 : Number(q.periods);
    if (!Number.isInteger(periods) || periods < 1 || periods > 104) return next(new HttpError(400, 'periods must be a whole number from 1 to 104.'));
    deps.accuracy.read({ repo: q.repo || undefined, window, periods, gracePeriodMs: deps.gracePeriodMs, scope: readScope(res) })
      .then((report) => res.json({ repo: q.repo || null, ...report }), next);
  });
  return router;
}
