// The worker bundles this module: it lists every workflow the task queue runs.
export { triageIssue } from './triage-issue';
export { sweepRepositories } from './sweep';
