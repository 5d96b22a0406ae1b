import express from 'express';
import type { BacktestStore } from '../duplicates/backtest-store';
import { HttpError } from './http-error';

/** `GET /api/backtests?repo=owner/name`: the newest `backtest` of each repository (or of the one named). */
export function createBacktestRouter(deps: { backtests: BacktestStore }): express.Router {
  const router = express.Router();
  router.get('/api/backtests', (req, res, next) => {
    const repo = typeof req.query.repo === 'string' ? req.query.repo.trim() : '';
    if (repo && !/^[^/\s]+\/[^/\s]+$/.test(repo)) return next(new HttpError(400, 'repo must be a repository name of the form owner/name.'));
    deps.backtests.latestAll()
      .then((all) => res.json({ items: repo ? all.filter((b) => b.repoFullName.toLowerCase() === repo.toLowerCase()) : all }), next);
  });
  return router;
}
