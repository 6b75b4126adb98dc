import { describe, expect, it } from 'vitest';
import { onRequest } from '../../src/http/middleware.ts';
import { bodyLimitFor, checkFormBody, checkRequestTarget } from '../../src/http/request-guard.ts';
import { safeNextPath } from '../../src/http/safe-redirect.ts';
import { isSameOriginRequest, listenOrigins } from '../../src/http/same-origin.ts';
import { isDatabaseUnavailable } from '../../src/http/database-errors.ts';

describe('checkRequestTarget', () => {
  it('answers a NUL byte in the path with 404 and in the query with 400', () => {
    expect(checkRequestTarget('/incidents/abc')).toBeNull();
    expect(checkRequestTarget('/incidents/a%00b')?.status).toBe(404);
    expect(checkRequestTarget('/admin/incidents?q=db%00')?.status).toBe(400);
    expect(checkRequestTarget('/subscribe/confirm?token=a\u0000b')?.status).toBe(400);
  });
});

describe('checkFormBody', () => {
  const urlencoded = 'application/x-www-form-urlencoded';
  it('accepts forms and empty bodies, refuses other types, broken multipart and NUL bytes', async () => {
    expect(await checkFormBody(urlencoded, Buffer.from('email=a%40example.com'))).toBeNull();
    expect(await checkFormBody(undefined, Buffer.alloc(0))).toBeNull();
    expect(await checkFormBody(urlencoded, Buffer.from('email=a%00b'))).toMatchObject({ status: 400, message: expect.stringMatching(/NUL/) });
    expect(await checkFormBody('application/json', Buffer.from('{}'))).toMatchObject({ status: 400, message: expect.stringMatching(/not application\/json/) });
    expect(await checkFormBody('text/plain', Buffer.from('x'))).toMatchObject({ status: 400, title: 'Not a form' });
    expect(await checkFormBody('multipart/form-data; boundary=b', Buffer.from('--b\r\nbroken'))).toMatchObject({ status: 400, title: 'Unreadable form' });
    const good = '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nx@example.com\r\n--b--\r\n';
    expect(await checkFormBody('multipart/form-data; boundary=b', Buffer.from(good))).toBeNull();
    expect(await checkFormBody('multipart/form-data; boundary=b', Buffer.from(good.replace('x@', 'x\u0000@')))).toMatchObject({ status: 400 });
  });

  it('allows 1 MB for forms and JSON, 5 MB for multipart uploads', () => {
    expect(bodyLimitFor('application/x-www-form-urlencoded')).toBe(1024 * 1024);
    expect(bodyLimitFor('application/json; charset=utf-8')).toBe(1024 * 1024);
    expect(bodyLimitFor('multipart/form-data; boundary=x')).toBe(5 * 1024 * 1024);
    expect(bodyLimitFor(undefined)).toBe(1024 * 1024);
  });
});

describe('safeNextPath', () => {
  it('sends control characters, other sites and other areas to the dashboard', () => {
    expect(safeNextPath('/admin/incidents?q=x')).toBe('/admin/incidents?q=x');
    for (const bad of ['/admin\r\nSet-Cookie: x=1', '/admin\u0000', '//evil.example', '/admin\\x', 'https://evil.example', null]) expect(safeNextPath(bad)).toBe('/admin');
  });
});

describe('isDatabaseUnavailable', () => {
  it('knows connection failures from bugs', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('x', { cause: Object.assign(new Error('y'), { code: '08006' }) }))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('invalid byte sequence'), { code: '22021' }))).toBe(false);
  });
});

describe('the middleware', () => {
  const context = (pathname: string): Parameters<typeof onRequest>[0] =>
    ({
      request: new Request(`http://localhost${pathname}`),
      url: new URL(`http://localhost${pathname}`),
      locals: {},
      cookies: { get: () => undefined, set: () => {}, delete: () => {} },
      redirect: (to: string, status: number) => new Response(null, { status, headers: { location: to } }),
    }) as unknown as Parameters<typeof onRequest>[0];

  it('turns an unexpected error into a plain 500 page with the security headers, and a lost database into a 503', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]): void => void errors.push(args);
    try {
      const crashed = (await onRequest(context('/subscribe'), () => Promise.reject(new Error('boom at line 3')))) as Response;
      expect(crashed.status).toBe(500);
      expect(crashed.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(crashed.headers.get('x-frame-options')).toBe('DENY');
      const html = await crashed.text();
      expect(html).toContain('Something went wrong');
      expect(html).not.toContain('boom');
      expect(html).toContain('href="/"');

      const down = (await onRequest(context('/admin/login'), () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))) as Response;
      expect(down.status).toBe(503);
      expect(down.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await down.text()).toContain('cannot reach its database');
      expect(errors).toHaveLength(2);
    } finally {
      console.error = original;
    }
  });
});

describe('isSameOriginRequest', () => {
  const allowed = new Set(['https://status.example.com', 'http://127.0.0.1:4321', 'http://localhost:4321']);
  const headers = (entries: Record<string, string>): Headers => new Headers(entries);
  it('accepts only the allowed origins, whatever the Host', () => {
    expect(isSameOriginRequest(headers({ origin: 'https://status.example.com' }), allowed)).toBe(true);
    expect(isSameOriginRequest(headers({ origin: 'http://localhost:4321' }), allowed)).toBe(true);
    expect(isSameOriginRequest(headers({ origin: 'http://evil.example', host: 'evil.example' }), allowed)).toBe(false);
    expect(isSameOriginRequest(headers({ origin: 'null' }), allowed)).toBe(false);
    expect(isSameOriginRequest(headers({ referer: 'https://status.example.com/admin' }), allowed)).toBe(true);
    expect(isSameOriginRequest(headers({ referer: 'http://evil.example/x' }), allowed)).toBe(false);
    expect(isSameOriginRequest(headers({}), allowed)).toBe(false);
  });

  it('derives local origins from the address the connection reached', () => {
    expect(listenOrigins('127.0.0.1', 4321)).toEqual(['http://127.0.0.1:4321', 'http://localhost:4321', 'http://[::1]:4321']);
    expect(listenOrigins('::ffff:127.0.0.1', 80)).toEqual(['http://127.0.0.1:80', 'http://localhost:80', 'http://[::1]:80']);
    expect(listenOrigins('192.0.2.10', 4321)).toEqual(['http://192.0.2.10:4321']);
    expect(listenOrigins(undefined, undefined)).toEqual([]);
  });
});
