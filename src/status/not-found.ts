/** 404 for a feed or calendar of an unknown component: short text, nothing to render. */
export function notFoundText(message: string): Response {
  return new Response(`Not found. ${message}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
