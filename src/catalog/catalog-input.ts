import { z } from 'zod';

/**
 * Input pieces the catalogue use cases share (components, groups, templates).
 * Messages are written for the person filling in the form: they appear next to the field.
 */

/** A required, trimmed name. */
export const nameField = (what: string, max = 100): z.ZodType<string> =>
  z
    .string({ error: `Give the ${what} a name.` })
    .trim()
    .min(1, `Give the ${what} a name.`)
    .max(max, `Keep the name under ${max} characters.`);

/** An optional description: blank becomes null. */
export const descriptionField = (max = 500): z.ZodType<string | null> =>
  z
    .string({ error: 'The description must be text.' })
    .trim()
    .max(max, `Keep the description under ${max} characters.`)
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value));

/**
 * A checkbox: a form sends "on" when ticked and nothing at all when not, so a
 * missing value means false. Code may pass a boolean.
 */
export const checkbox = z
  .union([z.boolean(), z.enum(['on', 'true', '1', 'false', '0', 'off'])], { error: 'Choose yes or no.' })
  .optional()
  .transform((value) => value === true || value === 'on' || value === 'true' || value === '1');

/** The id of the thing a form acts on, from a hidden field. */
export const idField = (what: string): z.ZodType<string> =>
  z.string({ error: `Choose a ${what}.` }).trim().min(1, `Choose a ${what}.`).max(64, `That is not a ${what} id.`);

/** A deletion is confirmed by ticking a box, so a stray click deletes nothing. */
export const confirmation = (message: string): z.ZodType<true> =>
  z
    .union([z.boolean(), z.string()], { error: message })
    .optional()
    .refine((value) => value === true || value === 'on' || value === 'yes' || value === 'true', message)
    .transform((): true => true);

export const direction = z.enum(['up', 'down'], { error: 'Choose to move up or down.' });
export type Direction = z.output<typeof direction>;
