import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliverySignal } from '../src/domain/github-event';
import type { CorrectionInput } from '../src/domain/correction';
import type { TriageState } from '../src/domain/triage-state';

// A delivery signal names an inbox row and carries only what ordering needs; activities read the payload
// from the inbox, so no issue text enters the workflow's history or its continue-as-new input.
export const deliverySignal = defineSignal<[DeliverySignal]>('delivery');
export const correctSignal = defineSignal<[CorrectionInput]>('correct');
/** A person approves a triage held by the confidence gate: its labels are written as they are. */
export const approveSignal = defineSignal<[{ actor: string }]>('approve');
export const stateQuery = defineQuery<TriageState>('state');
