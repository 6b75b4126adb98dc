import { z } from 'zod';
import { POSTMORTEM_SECTIONS } from '../domain/learning.ts';
import { SEVERITIES } from '../domain/types.ts';
import { findRefusedHtml } from '../markdown.ts';
import { MAX_SECTION_LENGTH } from './postmortem-text.ts';

/**
 * Input schemas of the postmortem use cases. Like the incident schemas, they take
 * what HTML forms send (a checkbox "on" or absent, a multi-choice one string or
 * several), so pages pass `formToObject(form)` straight in, and the API the same.
 */

const list = (value: unknown): unknown => {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return [...new Set(items.filter((v) => v !== ''))];
};

const checkbox = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return false;
  if (value === 'on' || value === 'true' || value === '1' || value === true) return true;
  if (value === 'false' || value === '0' || value === 'off' || value === false) return false;
  return value;
}, z.boolean({ error: 'Tick the box or leave it empty' }));

const incidentId = z.string({ error: 'Pick an incident' }).trim().min(1, 'Pick an incident');

/** One Markdown section: may be empty, capped, no raw HTML (it is rendered like updates). */
export const sectionText = z
  .preprocess((value) => (value === undefined || value === null ? '' : value), z.string({ error: 'Write this section as text' }))
  .transform((text) => text.replace(/\r\n/g, '\n'))
  .superRefine((text, ctx) => {
    if (text.length > MAX_SECTION_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `Keep this section under ${MAX_SECTION_LENGTH.toLocaleString('en-US')} characters (it has ${text.length.toLocaleString('en-US')}); link to longer documents instead`,
      });
      return;
    }
    const problem = findRefusedHtml(text, 'postmortem sections');
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const sections = Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, sectionText])) as {
  [K in (typeof POSTMORTEM_SECTIONS)[number]]: typeof sectionText;
};

/** A due date typed in a date field: '' for none. */
const dueOn = z.preprocess(
  (value) => (value === '' || value === null || value === undefined ? null : value),
  z
    .string({ error: 'Enter the due date as YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the due date as YYYY-MM-DD')
    .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'Enter a real date (YYYY-MM-DD)')
    .nullable(),
);

export const startPostmortemSchema = z.object({ incidentId });

export const savePostmortemSchema = z.object({
  incidentId,
  ...sections,
  rootCauseTags: z.preprocess(list, z.array(z.string().trim().min(1))),
  dueOn: dueOn.optional(),
  regenerateTimeline: checkbox.optional(),
});
export type SavePostmortemInput = z.output<typeof savePostmortemSchema>;

export const postmortemActionSchema = z.object({ incidentId });

export const publishPublicSchema = z.object({
  incidentId,
  publicSections: z.preprocess(list, z.array(z.enum(POSTMORTEM_SECTIONS, { error: 'Pick sections from the list' }))),
  notify: checkbox,
});

export const rootCauseTagSchema = z.object({
  name: z
    .string({ error: 'Name the tag' })
    .trim()
    .toLowerCase()
    .min(1, 'Name the tag')
    .max(40, 'Keep the tag under 40 characters')
    .regex(/^[a-z0-9][a-z0-9 _-]*$/, 'Use letters, digits, spaces, - and _ (it starts with a letter or digit)'),
});

export const postmortemSettingsSchema = z.object({
  dueBusinessDays: z.coerce
    .number({ error: 'Enter a number of business days' })
    .int('Enter a whole number of business days')
    .min(1, 'Enter at least 1 business day')
    .max(60, 'Enter at most 60 business days'),
  requiredSeverities: z.preprocess(list, z.array(z.enum(SEVERITIES, { error: 'Pick severities from the list' }))),
  ...Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [`template_${s}`, sectionText])),
});
