import type { APIContext, MiddlewareHandler, MiddlewareNext } from 'astro';
import { errorMessage, ERRORS } from '../errors/catalogue.ts';
import { ForbiddenError } from '../auth/permissions.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '../auth/session.ts';
import { securityHeadersFor } from '../server/security-headers.ts';
import { isDatabaseUnavailable } from './database-errors.ts';
import { errorResponse } from './error-page.ts';
import { isSameOriginRequest } from './same-origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Signed-out pages of the admin area. */
const OPEN_ADMIN_PATHS = new Set(['/admin/login', '/admin/setup', '/admin/invite']);
/** RFC 8058 one-click unsubscribe is posted by mail providers, with no Origin. */
const ORIGIN_EXEMPT_PATHS = new Set(['/unsubscribe']);
/**
 * The token API (/api/v1/) is called by scripts and alerting tools, not browsers:
 * it never reads the session cookie, only an Authorization header that a
 * cross-site page cannot make a browser send, so there is nothing to forge.
 */
const isTokenApiPath = (pathname: string): boolean => pathname.startsWith('/api/v1/');

/**
 * Runs before every Astro route: refuses cross-origin state changes, resolves the
 * session cookie into `locals.user` / `locals.session` (refreshing or clearing
 * the cookie), keeps signed-out people out of /admin, turns a ForbiddenError from
 * a use case into a 403, and adds the security headers.
 */
export const onRequest: MiddlewareHandler = async (context, next) => {
  let response: Response;
  try {
    response = await handle(context, next);
  } catch (error) {
    // Users never see a stack trace: a known failure gets its page, the rest a
    // plain 500 page (with the security headers), and the log gets the details.
    const pathname = context.url.pathname;
    const from = context.locals.clientAddress ?? 'unknown';
    if (error instanceof ForbiddenError) return errorResponse(403, ERRORS.NotAllowed.title, errorMessage(ERRORS.NotAllowed, error.message), pathname);
    if (isDatabaseUnavailable(error)) {
      console.error(`Database unavailable while serving ${context.request.method} ${pathname} to ${from}: ${(error as Error).message}`);
      return errorResponse(503, ERRORS.DatabaseUnavailable.title, errorMessage(ERRORS.DatabaseUnavailable), pathname);
    }
    console.error(`Error serving ${context.request.method} ${pathname} to ${from}:`, error);
    return errorResponse(500, ERRORS.InternalError.title, errorMessage(ERRORS.InternalError), pathname);
  }
  return withLanguageHeaders(withSecurityHeaders(response, context.url.pathname), context);
};

/**
 * Public pages Astro renders per request (the subscribe flow, 404s) are in the
 * reader's language, chosen from Accept-Language or the herald_lang cookie.
 */
function withLanguageHeaders(response: Response, context: APIContext): Response {
  const lang = context.locals.lang;
  if (lang === undefined || isAdminPath(context.url.pathname) || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  try {
    response.headers.append('vary', 'Accept-Language, Cookie');
    if (!response.headers.has('content-language')) response.headers.set('content-language', lang);
  } catch {
    // An immutable response (a redirect built by Astro): nothing to add.
  }
  return response;
}

function withSecurityHeaders(response: Response, pathname: string): Response {
  const noStore = isAdminPath(pathname);
  for (const [name, value] of Object.entries(securityHeadersFor(pathname))) {
    if (!response.headers.has(name)) response.headers.set(name, String(value));
  }
  if (noStore) response.headers.set('cache-control', 'no-store');
  return response;
}

/** The session cookie's value, or undefined when there is none or it cannot be decoded. */
function readSessionCookie(cookies: APIContext['cookies']): string | undefined {
  try {
    return cookies.get(SESSION_COOKIE)?.value;
  } catch {
    return undefined; // malformed percent-encoding: treated as no cookie (and replaced on sign-in)
  }
}

function isAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

async function handle(context: APIContext, next: MiddlewareNext): Promise<Response> {
  const { request, url, locals, cookies } = context;
  const services = locals.services;
  const publicUrl = services?.config.publicUrl;

  const allowedOrigins = new Set([...(publicUrl ? [new URL(publicUrl).origin] : []), ...(locals.listenOrigins ?? [])]);
  if (!SAFE_METHODS.has(request.method) && !ORIGIN_EXEMPT_PATHS.has(url.pathname) && !isTokenApiPath(url.pathname) && !isSameOriginRequest(request.headers, allowedOrigins)) {
    return errorResponse(403, ERRORS.CrossSiteRequest.title, errorMessage(ERRORS.CrossSiteRequest));
  }

  locals.user = null;
  locals.session = null;
  // The token API authenticates by its own header only: a session cookie there is ignored.
  const token = isTokenApiPath(url.pathname) ? undefined : readSessionCookie(cookies);
  const secure = url.protocol === 'https:' || (publicUrl?.startsWith('https:') ?? false);
  const isAdmin = isAdminPath(url.pathname);
  if (token && services) {
    // Public pages do not need the session: while the database is down they still render.
    let unreachable = false;
    const result = await validateSessionToken(services.db, token, services.now()).catch((error: unknown) => {
      if (isAdmin || !isDatabaseUnavailable(error)) throw error;
      unreachable = true;
      return { session: null, user: null } as const;
    });
    if (result.session) {
      locals.user = result.user;
      locals.session = result.session;
      if (result.refreshed) cookies.set(SESSION_COOKIE, token, sessionCookieOptions(secure, result.session.expiresAt));
    } else if (!unreachable) {
      cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }

  // Without services this is the adapter rendering the 404 page for a path that
  // matches no route (it passes no locals): nothing can be read, so just render it.
  if (isAdmin && services && !OPEN_ADMIN_PATHS.has(url.pathname) && locals.user === null) {
    const back = `${url.pathname}${url.search}`;
    return context.redirect(`/admin/login?next=${encodeURIComponent(back)}`, 303);
  }

  return next();
}
