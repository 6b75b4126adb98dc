import { z } from 'zod';
import type { Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { AuditFilter } from '../domain/audit-event.ts';

export const AUDIT_PAGE_SIZE = 50;

/** Blank (an unset select or an empty box) means "any". */
const optional = (schema: z.ZodType<string, string>) =>
  z
    .preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined), schema.optional())
    .transform((value) => value ?? null);

const day = () =>
  optional(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date, like 2026-11-27.')
      .refine((value) => {
        const date = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
      }, 'There is no such date.'),
  );

const schema = z
  .object({
    kind: optional(z.string().max(100, 'Choose a kind of event from the list.').regex(/^[a-z_.]+$/, 'Choose a kind of event from the list.')),
    actor: optional(z.string().max(64, 'Choose a person from the list.').regex(/^[\w-]+$/, 'Choose a person from the list.')),
    incident: optional(z.string().max(64, 'An incident id is letters and digits.').regex(/^[a-z0-9]+$/i, 'An incident id is letters and digits, as in its address.')),
    from: day(),
    to: day(),
    before: optional(z.string().regex(/^\d{1,18}$/, 'That “Older” link is broken: start again from the newest events.')),
    after: optional(z.string().regex(/^\d{1,18}$/, 'That “Newer” link is broken: start again from the newest events.')),
  })
  .refine((value) => value.from === null || value.to === null || value.from <= value.to, {
    path: ['to'],
    message: 'The end date must be on or after the start date.',
  });

/** The form's fields as they are shown back (blank when unset). */
export interface AuditFilterForm {
  kind: string;
  actor: string;
  incident: string;
  from: string;
  to: string;
}

/**
 * Reads the log's GET parameters (first value of each). Dates are whole UTC days,
 * both ends included.
 */
export function parseAuditFilter(params: URLSearchParams): { form: AuditFilterForm; result: Result<AuditFilter> } {
  const raw = (name: string): string => params.get(name) ?? '';
  const form: AuditFilterForm = { kind: raw('kind'), actor: raw('actor'), incident: raw('incident'), from: raw('from'), to: raw('to') };
  const parsed = parseInput(schema, { ...form, before: raw('before'), after: raw('after') });
  if (!parsed.ok) return { form, result: parsed };
  const value = parsed.value;
  const dayAfter = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  return {
    form,
    result: {
      ok: true,
      value: {
        kind: value.kind,
        actorId: value.actor,
        incidentId: value.incident?.toLowerCase() ?? null,
        from: value.from === null ? null : new Date(`${value.from}T00:00:00Z`),
        until: value.to === null ? null : dayAfter(value.to),
        before: value.before,
        after: value.after,
        limit: AUDIT_PAGE_SIZE,
      },
    },
  };
}
