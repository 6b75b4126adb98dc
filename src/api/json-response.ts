/**
 * A JSON response for the public API. Any origin may read it: the data is public and
 * status widgets run on other sites. Caching headers, ETag, HEAD and compression are
 * added by the front server (src/server/), so they are not set here.
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
    },
  });
}
