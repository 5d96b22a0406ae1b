import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CorrectionInput, GithubEvent, TriageState } from './types';

export const githubEventSignal = defineSignal<[GithubEvent]>('githubEvent');
export const correctSignal = defineSignal<[CorrectionInput]>('correct');
export const stateQuery = defineQuery<TriageState>('state');
