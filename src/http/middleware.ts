import type { MiddlewareHandler } from 'astro';
import { ForbiddenError } from '../auth/permissions.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from '../auth/session.ts';
import { SECURITY_HEADERS } from '../server/security-headers.ts';
import { errorResponse } from './error-page.ts';
import { isSameOriginRequest } from './same-origin.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Signed-out pages of the admin area. */
const OPEN_ADMIN_PATHS = new Set(['/admin/login', '/admin/setup']);
/** RFC 8058 one-click unsubscribe is posted by mail providers, with no Origin. */
const ORIGIN_EXEMPT_PATHS = new Set(['/unsubscribe']);

/**
 * Runs before every Astro route: refuses cross-origin state changes, resolves the
 * session cookie into `locals.user` / `locals.session` (refreshing or clearing
 * the cookie), keeps signed-out people out of /admin, turns a ForbiddenError from
 * a use case into a 403, and adds the security headers.
 */
export const onRequest: MiddlewareHandler = async (context, next) => {
  const { request, url, locals, cookies } = context;
  const services = locals.services;
  const publicUrl = services?.config.publicUrl;

  if (!SAFE_METHODS.has(request.method) && !ORIGIN_EXEMPT_PATHS.has(url.pathname) && !isSameOriginRequest(request.headers, url, publicUrl)) {
    return errorResponse(403, 'Request refused', 'This form was sent from another site, so Herald did not act on it. Reload the page and try again.');
  }

  locals.user = null;
  locals.session = null;
  const token = cookies.get(SESSION_COOKIE)?.value;
  const secure = url.protocol === 'https:' || (publicUrl?.startsWith('https:') ?? false);
  if (token && services) {
    const result = await validateSessionToken(services.db, token, services.now());
    if (result.session) {
      locals.user = result.user;
      locals.session = result.session;
      if (result.refreshed) cookies.set(SESSION_COOKIE, token, sessionCookieOptions(secure, result.session.expiresAt));
    } else {
      cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }

  const isAdmin = url.pathname === '/admin' || url.pathname.startsWith('/admin/');
  // Without services this is the adapter rendering the 404 page for a path that
  // matches no route (it passes no locals): nothing can be read, so just render it.
  if (isAdmin && services && !OPEN_ADMIN_PATHS.has(url.pathname) && locals.user === null) {
    const back = `${url.pathname}${url.search}`;
    return context.redirect(`/admin/login?next=${encodeURIComponent(back)}`, 303);
  }

  let response: Response;
  try {
    response = await next();
  } catch (error) {
    if (error instanceof ForbiddenError) return errorResponse(403, 'Not allowed', error.message);
    throw error;
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, String(value));
  }
  if (isAdmin) response.headers.set('cache-control', 'no-store');
  return response;
};
