import { z } from 'zod';
import { CATEGORIES, PRIORITIES } from '../domain/triage';

export const correctionBody = z
  .object({
    category: z.enum(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` }).optional(),
    priority: z.enum(PRIORITIES, { message: `priority must be one of ${PRIORITIES.join(', ')}` }).optional(),
    labels: z.array(z.string().trim().min(1, 'labels must not be empty strings').max(100)).max(50, 'at most 50 labels').optional(),
    duplicateOf: z.number().int().positive('duplicateOf must be a positive issue number').nullable().optional(),
    note: z.string().max(2000, 'note must be at most 2000 characters').optional(),
    // A client-chosen id (like the Idempotency-Key header): a retried POST with it records one correction.
    correctionId: z.string().trim().min(1, 'correctionId must not be empty').max(200, 'correctionId must be at most 200 characters').optional(),
    actor: z.string({ message: 'actor is required: who makes this correction' }).trim().min(1, 'actor is required: who makes this correction').max(100),
  })
  .strict()
  .refine((b) => b.category !== undefined || b.priority !== undefined || b.labels !== undefined || b.duplicateOf !== undefined || (b.note ?? '').trim() !== '', {
    message: 'a correction must set at least one of category, priority, labels, duplicateOf or note',
  });

export type CorrectionBody = z.infer<typeof correctionBody>;

export function describeProblems(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
