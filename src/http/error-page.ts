import { SECURITY_HEADERS } from '../server/security-headers.ts';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Where an error page's link leads: the dashboard inside the hub, the status page elsewhere. */
export function backLinkFor(pathname: string): { href: string; text: string } {
  return pathname === '/admin' || pathname.startsWith('/admin/') ? { href: '/admin', text: 'Back to the dashboard' } : { href: '/', text: 'Back to the status page' };
}

/** The HTML of a small, self-contained error page (no stack traces, ever). */
export function errorPageHtml(title: string, message: string, pathname = '/admin'): string {
  const back = backLinkFor(pathname);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5"><main><h1>${escape(title)}</h1><p>${escape(message)}</p><p><a href="${back.href}">${back.text}</a></p></main></body></html>`;
}

/** Headers of every error page: never cached, with the security headers. */
export function errorPageHeaders(): Record<string, string> {
  return { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(SECURITY_HEADERS as Record<string, string>) };
}

/** A small, self-contained error page (no stack traces, ever). */
export function errorResponse(status: number, title: string, message: string, pathname = '/admin'): Response {
  return new Response(errorPageHtml(title, message, pathname), { status, headers: errorPageHeaders() });
}
