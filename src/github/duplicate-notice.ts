import { DUPLICATE_MARKER } from './label-plan';

// The comment that announces a close-as-duplicate: which issue, when, and how to stop it. Posted once,
// in place of the plain duplicate comment, and found again by the same hidden marker.

/** The part of Triageflow that counts down and closes, in the ledger. */
export const CLOSE_FEATURE = 'duplicate-close';

const UNITS: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1_000, 'second']];

/** 3 days, 12 hours, 90 minutes, 30 seconds: the largest unit that divides the duration. */
export function spellDuration(ms: number): string {
  const [size, unit] = UNITS.find(([size]) => ms >= size && ms % size === 0) ?? UNITS.find(([size]) => ms >= size) ?? UNITS[3]!;
  const n = Math.max(1, Math.round(ms / size));
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function closingNotice(opts: { duplicateOf: number; template: string | null; afterMs: number; deadline: Date; duplicateLabel: string | null }): string {
  const { duplicateOf } = opts;
  const opening = opts.template ? opts.template.replaceAll('{{duplicateOf}}', String(duplicateOf)) : `This looks like a duplicate of #${duplicateOf}.`;
  const ways = ['react with 👎 to this comment', 'reply here (if you opened this issue)', ...(opts.duplicateLabel ? [`remove the \`${opts.duplicateLabel}\` label`] : [])];
  const when = opts.deadline.toISOString().replace(/:\d{2}\.\d{3}Z$/, '').replace('T', ' ');
  return [
    opening,
    `Triageflow will close this issue as a duplicate of #${duplicateOf} in ${spellDuration(opts.afterMs)} (${when} UTC) unless someone objects. ` +
      `If it is not a duplicate, say so and it stays open: ${ways.slice(0, -1).join(', ')}, or ${ways.at(-1)}.`,
    DUPLICATE_MARKER,
  ].join('\n\n');
}
