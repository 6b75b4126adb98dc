import { z } from 'zod';
import { MILESTONES } from '../domain/learning.ts';
import { updateBody } from './schemas.ts';

/** The reason a milestone was corrected: kept in the timeline and the audit log. */
export const MAX_MILESTONE_REASON_LENGTH = 500;

/** An ISO instant, '' (left empty) or 'invalid' (what src/time/wall-clock.ts gives for a bad datetime-local). */
const milestoneInstant = z.preprocess(
  (value) => (value === '' || value === null || value === undefined ? null : value instanceof Date ? value : typeof value === 'string' ? new Date(value) : value),
  z
    .date({ error: 'Pick a date and time' })
    .refine((date) => !Number.isNaN(date.getTime()), 'Pick a date and time')
    .nullable(),
);

export const editMilestonesSchema = z.object({
  incidentId: z.string({ error: 'Pick an incident' }).trim().min(1, 'Pick an incident'),
  milestones: z.object(Object.fromEntries(MILESTONES.map((m) => [m, milestoneInstant.optional()])) as Record<(typeof MILESTONES)[number], z.ZodOptional<typeof milestoneInstant>>),
  reason: z
    .string({ error: 'Say why the milestones change' })
    .trim()
    .min(1, 'Say why the milestones change (it is kept in the timeline and the audit log)')
    .max(MAX_MILESTONE_REASON_LENGTH, `Keep the reason under ${MAX_MILESTONE_REASON_LENGTH} characters`),
});

export const markMitigatedSchema = z.object({
  incidentId: z.string({ error: 'Pick an incident' }).trim().min(1, 'Pick an incident'),
  /** An optional update published with it (status "monitoring"). */
  body: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), updateBody.optional()),
  audience: z.enum(['external', 'internal'], { error: 'Choose who the update is for: external or internal' }).default('external'),
  notify: z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean()),
});
