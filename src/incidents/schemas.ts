import { z } from 'zod';
import { AUDIENCES, COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, SEVERITIES } from '../domain/types.ts';
import { findRefusedHtml } from '../markdown.ts';

/**
 * Input schemas of the incident use cases. The messages are read by someone in the
 * middle of an outage: say what to do, in plain words. They accept what HTML forms
 * send (a checkbox is "on" or absent, an empty select is "", a multi-select one
 * string or several), so pages can pass `formToObject(form)` pieces straight in.
 */

export const MAX_BODY_LENGTH = 20_000;
export const MAX_TITLE_LENGTH = 200;

/** '' (an empty select) and null mean "none". */
const optionalId = z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().trim().min(1).optional());

/** One id, several, or none; empty strings dropped, duplicates removed. */
const idList = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return [...new Set(list.filter((v) => v !== ''))];
}, z.array(z.string().trim().min(1)));

/** A checkbox: absent or unchecked is false. */
const checkbox = z.preprocess((value) => {
  if (value === undefined || value === null || value === '') return false;
  if (value === 'on' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === 'off') return false;
  return value;
}, z.boolean({ error: 'Tick the box or leave it empty' }));

const requiredId = (message: string) => z.string({ error: message }).trim().min(1, message);

/** Raw HTML the renderer would drop, refused with a message (see src/markdown.ts). */
export function findForbiddenHtml(markdown: string): string | null {
  return findRefusedHtml(markdown, 'updates');
}

const markdownBody = (empty: string, tooLong: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(MAX_BODY_LENGTH, tooLong)
    .superRefine((body, ctx) => {
      const problem = findForbiddenHtml(body);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    });

export const updateBody = markdownBody('Write the update', 'Keep the update under 20,000 characters');
const noteBody = markdownBody('Write the note', 'Keep the note under 20,000 characters');

const severity = z.enum(SEVERITIES, { error: 'Pick a severity: SEV1, SEV2 or SEV3' });
const impact = z.enum(IMPACTS, { error: 'Pick the impact' });
const incidentStatus = z.enum(INCIDENT_STATUSES, { error: 'Pick the incident status' });
const audience = z.enum(AUDIENCES, { error: 'Choose who this update is for: external or internal' });

export const componentChange = z.object({
  componentId: requiredId('Pick a component'),
  status: z.enum(COMPONENT_STATUSES, { error: "Pick the component's status" }),
});

const componentChanges = z
  .preprocess((value) => (value === undefined || value === null || value === '' ? [] : value), z.array(componentChange, { error: 'Pick the affected components' }))
  .superRefine((changes, ctx) => {
    const seen = new Set<string>();
    for (const change of changes) {
      if (seen.has(change.componentId)) ctx.addIssue({ code: 'custom', message: 'Each component can be listed only once' });
      seen.add(change.componentId);
    }
  });

/** A date and time with its zone (ISO 8601), or a Date. */
const instant = z.preprocess(
  (value) => (value === '' || value === null ? undefined : value instanceof Date ? value : typeof value === 'string' ? new Date(value) : value),
  z.date({ error: 'Pick a date and time' }).refine((date) => !Number.isNaN(date.getTime()), 'Pick a date and time').optional(),
);

/** The most a client's `metadata` object may take, as JSON. */
export const MAX_METADATA_BYTES = 16_384;

/** A client's own JSON object kept with an incident (the management API's `metadata`). */
export const incidentMetadata = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object' })
  .refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES, `must be at most ${MAX_METADATA_BYTES} bytes as JSON`);

const incidentTitle = z.string({ error: 'Give the incident a title' }).trim().min(1, 'Give the incident a title').max(MAX_TITLE_LENGTH, 'Keep the title under 200 characters');

export const declareIncidentSchema = z.object({
  title: incidentTitle,
  metadata: incidentMetadata.optional(),
  severity,
  impact,
  components: componentChanges,
  commanderId: optionalId,
  commsLeadId: optionalId,
  expertIds: idList,
  update: z.object(
    {
      audience,
      status: z.preprocess((value) => (value === '' || value === undefined ? 'investigating' : value), incidentStatus),
      body: updateBody,
      action: z.enum(['publish', 'draft'], { error: 'Choose to publish the first update now or save it as a draft' }),
      notify: checkbox,
    },
    { error: 'Write the first update' },
  ),
});
export type DeclareIncidentInput = z.output<typeof declareIncidentSchema>;

export const saveUpdateSchema = z
  .object({
    updateId: optionalId,
    incidentId: requiredId('Pick an incident'),
    audience,
    status: incidentStatus,
    body: updateBody,
    components: componentChanges,
    notify: checkbox,
    action: z.enum(['draft', 'schedule', 'publish'], { error: 'Choose to save a draft, schedule it or publish it now' }),
    scheduledFor: instant,
  })
  .superRefine((input, ctx) => {
    if (input.action === 'schedule' && input.scheduledFor === undefined) {
      ctx.addIssue({ code: 'custom', path: ['scheduledFor'], message: 'Pick when to publish it' });
    }
    if (input.audience === 'internal' && input.components.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'Internal updates do not change components: make it external, or remove the component changes',
      });
    }
  });
export type SaveUpdateInput = z.output<typeof saveUpdateSchema>;

export const cancelUpdateSchema = z.object({ updateId: requiredId('Pick an update') });

export const resolveIncidentSchema = z.object({
  incidentId: requiredId('Pick an incident'),
  body: updateBody,
  notify: checkbox,
  /** The status each affected component goes to; a component left out gets what the status rule gives. */
  components: componentChanges,
});

export const changeSeveritySchema = z.object({ incidentId: requiredId('Pick an incident'), severity });

export const assignRolesSchema = z.object({
  incidentId: requiredId('Pick an incident'),
  commanderId: optionalId,
  commsLeadId: optionalId,
  expertIds: idList,
});

export const addNoteSchema = z.object({ incidentId: requiredId('Pick an incident'), body: noteBody });

const cadenceMinutes = z.preprocess(
  (value) => (value === '' || value === undefined || value === null ? null : typeof value === 'string' ? Number(value) : value),
  z
    .number({ error: 'Enter minutes as a whole number, or leave it empty for no target' })
    .int('Enter minutes as a whole number, or leave it empty for no target')
    .min(1, 'Enter at least 1 minute, or leave it empty for no target')
    .max(1440, 'Enter at most 1440 minutes (one day), or leave it empty for no target')
    .nullable(),
);

export const cadenceTargetsSchema = z.object({ SEV1: cadenceMinutes, SEV2: cadenceMinutes, SEV3: cadenceMinutes });

/** Renaming an incident and/or replacing its metadata (either may be left out). */
export const editIncidentDetailsSchema = z.object({
  incidentId: requiredId('Pick an incident'),
  title: incidentTitle.optional(),
  metadata: incidentMetadata.optional(),
});

/** Deleting an incident, with everything it holds. */
export const deleteIncidentSchema = z.object({ incidentId: requiredId('Pick an incident') });

/** Recording an incident after the fact: created resolved at `resolvedAt`, in the past, with no notifications. */
export const backfillIncidentSchema = z.object({
  title: incidentTitle,
  severity,
  impact,
  body: updateBody,
  resolvedAt: z.date({ error: 'Pick a date and time' }).refine((date) => !Number.isNaN(date.getTime()), 'Pick a date and time'),
  metadata: incidentMetadata.optional(),
});
