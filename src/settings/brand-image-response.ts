/** A brand image as stored: the logo or the favicon. */
export interface StoredBrandImage {
  bytes: Uint8Array;
  type: string;
  updatedAt: Date;
}

/**
 * A stored brand image as a response (pages/brand/*). Pages link it as
 * `?v=<time of change>`, so a request naming the current version may be cached for a
 * year; any other gets a short cache. `policy` is the image's Content-Security-Policy.
 */
export function brandImageResponse(image: StoredBrandImage | null, version: string | null, what: string, policy: string): Response {
  if (!image) return new Response(`No ${what}`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' } });
  const current = version === String(image.updatedAt.getTime());
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'Content-Type': image.type,
      'Content-Length': String(image.bytes.length),
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': policy,
    },
  });
}
