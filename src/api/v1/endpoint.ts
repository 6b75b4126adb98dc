import type { APIContext, APIRoute } from 'astro';
import { type Actor, ForbiddenError, PERMISSION_SCOPES } from '../../auth/permissions.ts';
import { isDatabaseUnavailable } from '../../http/database-errors.ts';
import type { Services } from '../../services.ts';
import { authenticateToken, requireAnyScope, type TokenPrincipal } from '../../tokens/authenticate-token.ts';
import type { Scope } from '../../tokens/scopes.ts';
import { tokenActor } from '../../tokens/token-actor.ts';
import { checkTokenRateLimit } from '../../tokens/token-rate-limit.ts';
import { parseBracketForm } from './form-body.ts';
import { claimIdempotency, requestHash } from './idempotency.ts';

/**
 * The one way a management API (v1) endpoint is written. In order:
 * authenticate the token (401), count it against its rate limit (429 with
 * Retry-After), check that `page_id` is this page's id (404), check the scope
 * (403 naming it), read the body (JSON, or a Rails-style bracketed form; 400 when
 * unreadable), honour `Idempotency-Key` on POST, then run the handler, which calls
 * the hub's use cases with the token as the Actor. Every answer is JSON; errors
 * are `{"error": "…"}`; nothing ever shows a stack trace (an unexpected error is
 * logged and answered 500).
 */

export interface V1Request {
  services: Services;
  principal: TokenPrincipal;
  actor: Actor;
  pageId: string;
  params: Record<string, string | undefined>;
  url: URL;
  /** The parsed body (an object), or {} for a request without one. */
  body: Record<string, unknown>;
}

export interface V1Answer {
  status: number;
  /** undefined: no body (204). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** An error answer: `{"error": message}`. */
export const apiError = (status: number, error: string, headers?: Record<string, string>): V1Answer => ({ status, body: { error }, ...(headers ? { headers } : {}) });

export interface V1Options {
  /** The token needs one of these scopes (`admin` always does). */
  scopes: readonly Scope[];
}

function toResponse(answer: V1Answer): Response {
  const headers = new Headers({ 'cache-control': 'no-store', ...answer.headers });
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers });
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

type BodyRead = { ok: true; body: Record<string, unknown>; text: string } | { ok: false; answer: V1Answer };

async function readBody(request: Request): Promise<BodyRead> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'DELETE') return { ok: true, body: {}, text: '' };
  const text = await request.text();
  if (text.trim() === '') return { ok: true, body: {}, text };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, answer: apiError(400, `The body is not valid JSON: ${(error as Error).message}`) };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, answer: apiError(422, 'The body must be a JSON object, such as {"component": {…}}.') };
    return { ok: true, body: parsed as Record<string, unknown>, text };
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') return { ok: true, body: parseBracketForm(text), text };
  return { ok: false, answer: apiError(415, `Send the body as application/json or application/x-www-form-urlencoded, not ${type}.`) };
}

async function answer(context: APIContext, options: V1Options, handler: (request: V1Request) => Promise<V1Answer>): Promise<V1Answer> {
  const { locals, request, params } = context;
  const services = locals.services;
  const auth = await authenticateToken(services.db, request.headers, locals.clientAddress, services.now);
  if (!auth.ok) return apiError(auth.status, auth.error);
  const principal = auth.principal;
  const rate = await checkTokenRateLimit(services.db, principal.tokenId, services.now(), services.config.apiRateLimit);
  if (!rate.ok) return apiError(429, rate.error, { 'retry-after': String(rate.retryAfterSeconds) });
  const pageId = locals.snapshot.page.id;
  if (params['page_id'] !== pageId) return apiError(404, `There is no page "${params['page_id'] ?? ''}": this Herald's page id is the "id" in /api/v2/summary.json.`);
  const scope = requireAnyScope(principal, options.scopes);
  if (!scope.ok) return apiError(scope.status, scope.error);
  const read = await readBody(request);
  if (!read.ok) return read.answer;
  const run = (): Promise<V1Answer> => handler({ services, principal, actor: tokenActor(principal), pageId, params, url: context.url, body: read.body });

  const key = request.method === 'POST' ? request.headers.get('idempotency-key') : null;
  if (key === null) return run();
  const claim = await claimIdempotency(services.db, principal.tokenId, key.trim(), requestHash(request.method, context.url.pathname, read.text), services.now());
  if (claim.kind === 'refused') return apiError(claim.status, claim.error);
  if (claim.kind === 'replay') return { status: claim.answer.status, body: JSON.parse(claim.answer.body) as unknown, headers: { 'idempotent-replayed': 'true' } };
  try {
    const result = await run();
    await claim.finish({ status: result.status, body: JSON.stringify(result.body ?? null) });
    return result;
  } catch (error) {
    await claim.abandon().catch(() => {});
    throw error;
  }
}

/** An Astro route for one method of a v1 endpoint. */
export function v1Endpoint(options: V1Options, handler: (request: V1Request) => Promise<V1Answer>): APIRoute {
  return async (context) => {
    try {
      return toResponse(await answer(context, options, handler));
    } catch (error) {
      if (error instanceof ForbiddenError) {
        return toResponse(apiError(403, `This API token lacks the scope "${PERMISSION_SCOPES[error.permission]}" needed here.`));
      }
      if (isDatabaseUnavailable(error)) return toResponse(apiError(503, 'The database is unreachable: try again shortly.', { 'retry-after': '5' }));
      console.error(`Error serving ${context.request.method} ${context.url.pathname}:`, error);
      return toResponse(apiError(500, 'Something went wrong on our side. Try again, and tell the page’s admins if it keeps happening.'));
    }
  };
}

/**
 * The answer for a method an endpoint does not have (exported as `ALL` beside the
 * others): 405 JSON with Allow, rather than the HTML 404 page.
 */
export function methodNotAllowed(allowed: readonly string[]): APIRoute {
  return () => toResponse(apiError(405, `This endpoint takes ${allowed.join(', ')}.`, { allow: allowed.join(', ') }));
}

/** Any other path under /api/v1/: 404 JSON, never the HTML page. */
export const unknownApiPath: APIRoute = ({ url }) => toResponse(apiError(404, `There is no API endpoint ${url.pathname}.`));
