/**
 * Checks on raw input made once, before any page runs, so that no page has to
 * remember them: the size of a body, what a form route accepts, and NUL bytes
 * (PostgreSQL refuses them in text, so one would otherwise surface as a 500).
 */

import { type ErrorData, errorMessage, ERRORS, type MessageParams } from '../errors/catalogue.ts';

export const FORM_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_BODY_LIMIT = 5 * 1024 * 1024;
export const JSON_BODY_LIMIT = 1024 * 1024;

export interface Refusal {
  status: 400 | 404 | 413;
  title: string;
  message: string;
}

function refusal<E extends ErrorData>(status: Refusal['status'], error: E, ...params: MessageParams<E>): Refusal {
  return { status, title: error.title, message: errorMessage(error, ...params) };
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The most a request body may hold: multipart (file uploads) 5 MB, forms and JSON 1 MB. */
export function bodyLimitFor(contentType: string | undefined): number {
  const type = mediaType(contentType);
  if (type === 'multipart/form-data') return UPLOAD_BODY_LIMIT;
  if (type === 'application/json' || type.endsWith('+json')) return JSON_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

export function tooLarge(limit: number): Refusal {
  return refusal(413, ERRORS.RequestTooLarge, Math.round(limit / 1024 / 1024));
}

const NUL_REFUSAL: Refusal = refusal(400, ERRORS.RequestHasNul);

const NUL = /%00|\u0000/i;

/**
 * A request target with a NUL byte, literal or percent-encoded: in the path no page
 * can exist there (404); in the query it is a bad request (400).
 */
export function checkRequestTarget(target: string): Refusal | null {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  if (NUL.test(path)) return refusal(404, ERRORS.PageNotFound);
  return queryAt !== -1 && NUL.test(target.slice(queryAt)) ? NUL_REFUSAL : null;
}

/**
 * What a form route (every state change outside /api/) accepts: an empty body, or
 * a well-formed urlencoded or multipart form whose fields hold no NUL byte.
 */
export async function checkFormBody(contentType: string | undefined, body: Buffer): Promise<Refusal | null> {
  if (body.length === 0) return null;
  const type = mediaType(contentType);
  let fields: [string, string][];
  if (type === 'application/x-www-form-urlencoded') {
    fields = [...new URLSearchParams(body.toString('utf8')).entries()];
  } else if (type === 'multipart/form-data') {
    try {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType ?? '' } }).formData();
      fields = [...form.entries()].flatMap(([key, value]) => (typeof value === 'string' ? [[key, value] as [string, string]] : [[key, value.name] as [string, string]]));
    } catch {
      return refusal(400, ERRORS.FormUnreadable);
    }
  } else {
    return refusal(400, ERRORS.NotAForm, type === '' ? 'a body without a type' : type);
  }
  return fields.some(([key, value]) => key.includes('\u0000') || value.includes('\u0000')) ? NUL_REFUSAL : null;
}
