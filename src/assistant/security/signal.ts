import { detectSignals } from '../../ai/offline/classifier/signals';
import { cleanIssue } from '../../ai/offline/text-clean';

/** The offline classifier's security signal: its security words in the prose a person wrote. */
export function classifierSecuritySignal(title: string, body: string): boolean {
  return detectSignals(cleanIssue(title, body)).security;
}
