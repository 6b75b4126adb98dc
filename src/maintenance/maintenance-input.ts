import { z } from 'zod';
import { findForbiddenHtml, MAX_BODY_LENGTH } from '../incidents/schemas.ts';

/**
 * Input pieces the maintenance use cases share. Messages are written for the person
 * filling in the form: they are shown next to the field.
 */

/**
 * A Markdown update body. Raw HTML would be stripped on render; a script tag or an
 * event handler is refused outright (the same check as incident updates), so nobody
 * believes it ran.
 */
export const markdownBody = z
  .string({ error: 'Write the update.' })
  .trim()
  .min(1, 'Write the update.')
  .max(MAX_BODY_LENGTH, `Keep the update under ${MAX_BODY_LENGTH.toLocaleString('en')} characters.`)
  .superRefine((body, ctx) => {
    const problem = findForbiddenHtml(body);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

// 2026-12-01T02:00, with optional seconds and fraction, then Z or ±hh:mm.
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A point in time: a Date, or an ISO 8601 string with its offset ("2026-12-01T02:00:00Z",
 * "…+01:00"). A zone-less "2026-12-01T02:00" is refused: on the server it would be read
 * in the server's time zone, not the person's; the form converts it first.
 */
export const instant = (label: string): z.ZodType<Date> => {
  const message = `Enter the ${label} as a date and time.`;
  return z
    .union([z.date(), z.string().regex(WITH_OFFSET).transform((value) => new Date(value))], { error: message })
    .refine((date) => !Number.isNaN(date.getTime()), message);
};

/** A checkbox-friendly boolean: true/false, or the strings a form sends ("on", "true", "1", "false", "0"). */
export const flag = z
  .union([z.boolean(), z.enum(['on', 'true', '1', 'false', '0', 'off']).transform((value) => ['on', 'true', '1'].includes(value))], {
    error: 'Choose yes or no.',
  })
  .default(true);

/** One id or several (a multi-select sends one string when one option is chosen). */
export const idList = (message: string): z.ZodType<string[]> =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .transform((value) => [...new Set((Array.isArray(value) ? value : [value]).map((id) => id.trim()).filter((id) => id !== ''))])
    .refine((ids) => ids.length > 0, message);

export const maintenanceId = z.string({ error: 'Choose a maintenance.' }).trim().min(1, 'Choose a maintenance.');

/** The longest reminder lead: 30 days. */
export const MAX_REMINDER_HOURS = 720;

/** Hours before the start that subscribers are reminded: a whole number, 0 for none, 24 by default. */
export const reminderHours = z.preprocess(
  (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value)) : value),
  z
    .number({ error: 'Enter the reminder as a number of hours (0 for none).' })
    .int('Enter the reminder as a whole number of hours.')
    .min(0, 'Enter the reminder as a number of hours (0 for none).')
    .max(MAX_REMINDER_HOURS, `Remind at most ${MAX_REMINDER_HOURS} hours (30 days) before.`)
    .default(24),
);

/** When the reminder is due, or null when the window has none. */
export function reminderTime(maintenance: { scheduledFor: Date; reminderHours: number }): Date | null {
  return maintenance.reminderHours === 0 ? null : new Date(maintenance.scheduledFor.getTime() - maintenance.reminderHours * 3_600_000);
}
