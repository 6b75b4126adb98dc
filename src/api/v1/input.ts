import { z } from 'zod';
import type { FieldErrors } from '../../domain/result.ts';
import { apiError, type V1Answer } from './endpoint.ts';

/**
 * Reading API bodies: the same shapes from JSON and from forms (where every value
 * is text), unknown fields ignored (zod strips them), and the first problem
 * answered 422 naming the field as the body spells it ("component.group_id").
 */

/** true/false, or their form spellings. */
export const apiBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: 'must be true or false' })
  .transform((value) => value === true || value === 'true' || value === '1');

/** Text, or null (JSON) / "" (a form) to clear it. */
export const apiText = (max: number): z.ZodType<string | null> =>
  z.union([z.string({ error: 'must be text' }).max(max, `must be at most ${max} characters`), z.null()], { error: 'must be text or null' });

/** A list of ids: a JSON array, or form `key[]=a&key[]=b` (one value may come as text). */
export const apiIdList = z
  .union([z.array(z.string({ error: 'must be a list of ids' })), z.string()], { error: 'must be a list of ids' })
  .transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value]));

/** Parses a body with a schema, or the 422 answer naming the first bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.output<S> } | { ok: false; answer: V1Answer } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return { ok: false, answer: apiError(422, field === '' ? (issue?.message ?? 'The body is not valid.') : `${field}: ${issue?.message ?? 'is not valid'}`) };
}

/**
 * A use case's refusal (field errors keyed by its own field names) as a 422 naming
 * the API's field, e.g. groupId → "component.group_id".
 */
export function useCaseRefusal(errors: FieldErrors, object: string, names: Record<string, string>): V1Answer {
  const [field, message] = Object.entries(errors)[0] ?? ['_form', 'The request was refused.'];
  if (field === '_form') return apiError(422, message);
  return apiError(422, `${object}.${names[field] ?? field}: ${message}`);
}
