/**
 * Expected failures are values: a use case returns the field errors a form shows
 * next to each field (keyed by field name, `_form` for the whole form). Unexpected
 * failures throw.
 */
export type FieldErrors = Record<string, string>;

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(errors: FieldErrors): Result<T> => ({ ok: false, errors });
