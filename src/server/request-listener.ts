import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage, ERRORS } from '../errors/catalogue.ts';
import { createAddressResolver } from '../http/client-address.ts';
import { errorPageHeaders, errorPageHtml } from '../http/error-page.ts';
import { listenOrigins } from '../http/same-origin.ts';
import { bodyLimitFor, checkFormBody, checkRequestTarget, type Refusal, tooLarge } from '../http/request-guard.ts';
import type { Services } from '../services.ts';
import type { AstroApp } from './astro-app.ts';
import { type CachedResponse, sendCachedResponse } from './cached-response.ts';
import type { PageCache } from './page-cache.ts';
import { isComponentPageKey, publicCacheKey } from './public-routes.ts';
import { SESSION_COOKIE } from '../auth/session.ts';
import { readLimitedBody } from './request-body.ts';
import { isLanguage } from '../i18n/languages.ts';
import { chooseLanguage, cookieValue, LANGUAGE_COOKIE, LANGUAGE_PARAM } from '../i18n/negotiate.ts';
import type { SnapshotStore } from './snapshot-store.ts';

export interface ListenerParts {
  app: AstroApp;
  cache: PageCache;
  store: SnapshotStore;
  staticFiles: Map<string, CachedResponse>;
  services: Services;
  /** Resolves true when the database answers a trivial query in time. */
  databaseReady: () => Promise<boolean>;
  log: (message: string) => void;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** What is still read, and dropped, after a 413 before the connection is cut. */
const LINGER_BYTES = 8 * 1024 * 1024;
const LINGER_MS = 2_000;

/**
 * After refusing a body, keep reading and dropping what the client is still sending,
 * within a bound, before closing: a connection closed with unread data is reset, and
 * a client still writing would see the reset instead of the 413 (nginx's "lingering
 * close"). Nothing is kept, so memory does not grow.
 */
function lingerThenClose(req: IncomingMessage): void {
  let dropped = 0;
  const stop = (): void => {
    clearTimeout(timer);
    req.off('data', onData);
    req.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) stop();
  };
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref();
  // All sent: Node closes the connection itself once the answer is out ('connection: close').
  req.on('data', onData).once('end', () => {
    clearTimeout(timer);
    req.off('data', onData);
  });
  req.resume();
}

/** An error page from here, before Astro; a refused body also closes the connection. */
function sendRefusal(req: IncomingMessage, res: ServerResponse, refusal: Refusal, pathname: string): void {
  const close = refusal.status === 413 ? { connection: 'close' } : {};
  if (pathname.startsWith('/api/v1/')) {
    // The token API answers in JSON, errors included: {"error": "…"}.
    res.writeHead(refusal.status, { ...errorPageHeaders(), 'content-type': 'application/json; charset=utf-8', ...close });
    res.end(JSON.stringify({ error: refusal.message }));
  } else {
    res.writeHead(refusal.status, { ...errorPageHeaders(), ...close });
    res.end(errorPageHtml(refusal.title, refusal.message, pathname));
  }
  if (refusal.status === 413) lingerThenClose(req);
}

function hasSessionCookie(header: string | undefined): boolean {
  return header !== undefined && header.split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The switcher's choice is remembered for a year. */
const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * `?lang=de` on a page (the switcher's links): remember the choice in the herald_lang
 * cookie and send the reader back to the same address without it, which the cache
 * then answers in that language. No script needed. Null when there is nothing to do.
 */
function languageRedirect(method: string | undefined, url: string, secure: boolean): { location: string; cookie: string } | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const queryAt = url.indexOf('?');
  if (queryAt === -1 || url.startsWith('/api/') || url.startsWith('/admin')) return null;
  // Only a path on this site: "//host/…" or "/\\host" would send the reader elsewhere.
  if (!url.startsWith('/') || /^\/[\\/]/.test(url)) return null;
  const params = new URLSearchParams(url.slice(queryAt + 1));
  const lang = params.get(LANGUAGE_PARAM);
  if (lang === null || !isLanguage(lang)) return null;
  params.delete(LANGUAGE_PARAM);
  const rest = params.toString();
  const location = `${url.slice(0, queryAt)}${rest === '' ? '' : `?${rest}`}`;
  const cookie = `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; SameSite=Lax${secure ? '; Secure' : ''}`;
  return { location, cookie };
}
/** Sent when PUBLIC_URL is https: browsers then never try plain http for a year. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The front of Herald: health checks, the snapshot routes and static files are
 * answered from memory, before Astro's per-request work; everything else goes to
 * Astro. This is what keeps the public page fast on incident day.
 */
export function createRequestListener(parts: ListenerParts): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, cache, store, staticFiles } = parts;
  const clientAddressOf = createAddressResolver(parts.services.config.trustedProxies);
  const addressOf = (req: IncomingMessage): string => clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for']);

  // Merged into every answer below (cached, static, Astro, errors): writeHead keeps them.
  const everywhere: [string, string][] = [['x-content-type-options', 'nosniff']];
  if (parts.services.config.publicUrl.startsWith('https:')) everywhere.push(['strict-transport-security', HSTS]);

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of everywhere) res.setHeader(name, value);
    const url = req.url ?? '/';
    const pathname = url.split('?')[0] ?? url;
    const badTarget = checkRequestTarget(url);
    if (badTarget) return sendRefusal(req, res, badTarget, pathname);
    if (url === '/healthz') return sendText(res, 200, 'ok\n');
    if (url === '/readyz') {
      const ready = await parts.databaseReady();
      return sendText(res, ready ? 200 : 503, ready ? 'ready\n' : 'database unreachable\n');
    }
    const switched = languageRedirect(req.method, url, parts.services.config.publicUrl.startsWith('https:'));
    if (switched) {
      res.writeHead(303, { location: switched.location, 'set-cookie': switched.cookie, 'cache-control': 'no-store' });
      return void res.end();
    }
    const lang = chooseLanguage({
      cookie: cookieValue(req.headers.cookie, LANGUAGE_COOKIE),
      acceptLanguage: req.headers['accept-language'],
      pageDefault: store.state().snapshot.page.language ?? 'en',
    });
    const key = publicCacheKey(req.method, url);
    // A component page shows signed-in people its runbook link: theirs is rendered
    // by Astro for them (and not cached), everyone else gets the cached page.
    const forSignedIn = key !== null && isComponentPageKey(key) && hasSessionCookie(req.headers.cookie);
    if (key !== null && !forSignedIn) {
      const response = await cache.get(key, lang);
      const { snapshot, staleSince } = store.state();
      const age = Math.max(0, Math.round((parts.services.now().getTime() - Date.parse(snapshot.builtAt)) / 1000));
      return sendCachedResponse(req, res, response, {
        'x-snapshot-age': String(age),
        ...(staleSince === null ? {} : { 'x-snapshot-stale-since': staleSince }),
      });
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const file = staticFiles.get(pathname);
      if (file) return sendCachedResponse(req, res, file);
    }
    if (!BODYLESS.has(req.method ?? 'GET')) {
      // Read here, within the limit, and handed to Astro as req.body (the adapter
      // takes a pre-read body), so no page ever buffers an oversized upload.
      const limit = bodyLimitFor(req.headers['content-type']);
      const read = await readLimitedBody(req, limit);
      if (!read.ok) return sendRefusal(req, res, tooLarge(limit), pathname);
      if (!pathname.startsWith('/api/')) {
        const refusal = await checkFormBody(req.headers['content-type'], read.body);
        if (refusal) return sendRefusal(req, res, refusal, pathname);
      }
      (req as IncomingMessage & { body?: Buffer }).body = read.body;
    }
    const { snapshot, staleSince } = store.state();
    await app.handle(req, res, {
      snapshot,
      staleSince,
      services: parts.services,
      user: null,
      session: null,
      clientAddress: addressOf(req),
      listenOrigins: listenOrigins(req.socket.localAddress, req.socket.localPort),
      lang,
    });
  };

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      parts.log(`Error serving ${req.method} ${req.url} to ${addressOf(req)}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) {
        res.writeHead(503, errorPageHeaders());
        res.end(errorPageHtml(ERRORS.PageTemporarilyUnavailable.title, errorMessage(ERRORS.PageTemporarilyUnavailable), (req.url ?? '/').split('?')[0]));
      } else res.destroy();
    });
  };
}
