import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/**
 * A response prepared once and sent many times: compressed with brotli and gzip
 * when it is built, never per request, with a content-hash ETag. The public page,
 * feeds, API and static files are all served this way.
 */
export interface CachedResponse {
  status: number;
  etag: string;
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
  /** Headers common to every encoding (type, caching, CORS, security). */
  headers: OutgoingHttpHeaders;
  /** Milliseconds since the epoch when it was built. */
  builtAt: number;
}

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|rss\+xml|atom\+xml)|image\/svg\+xml)/;

/**
 * How hard to compress: 'max' (brotli 11, gzip 9) for responses built once and
 * sent many times; 'cheap' (brotli 4, gzip 6: a few percent larger, many times
 * faster) for an answer built for one request only.
 */
export type CompressionLevel = 'max' | 'cheap';

export function buildCachedResponse(status: number, body: Buffer, headers: OutgoingHttpHeaders, level: CompressionLevel = 'max'): CachedResponse {
  const type = String(headers['content-type'] ?? '');
  const compress = COMPRESSIBLE.test(type) && body.length > 256;
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return {
    status,
    etag,
    identity: body,
    gzip: compress ? gzipSync(body, { level: level === 'max' ? 9 : 6 }) : null,
    br: compress
      ? brotliCompressSync(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: level === 'max' ? 11 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        })
      : null,
    headers: { ...headers, etag, vary: headers['vary'] ? `Accept-Encoding, ${String(headers['vary'])}` : 'Accept-Encoding' },
    builtAt: Date.now(),
  };
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The same response compressed at 'max', off the main thread (zlib's thread
 * pool): brotli 11 of a 100 KB page takes a quarter of a second, which a page
 * just changed should not wait for, nor should every other request meanwhile.
 */
export async function recompressAtMax(response: CachedResponse): Promise<CachedResponse> {
  if (response.br === null) return response;
  const [br, gz] = await Promise.all([
    brotliAsync(response.identity, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: response.identity.length },
    }),
    gzipAsync(response.identity, { level: 9 }),
  ]);
  return { ...response, br, gzip: gz };
}

/** Picks br, then gzip, from Accept-Encoding (ignoring q=0). */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => q === undefined || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => (name ?? '').trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/** Sends a cached response: 304 when the client has it, HEAD without body. */
export function sendCachedResponse(
  req: IncomingMessage,
  res: ServerResponse,
  entry: CachedResponse,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  if (entry.status === 200 && matchesEtag(req.headers['if-none-match'], entry.etag)) {
    const { 'content-type': _type, ...rest } = entry.headers;
    res.writeHead(304, { ...rest, ...extraHeaders });
    res.end();
    return;
  }
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const body = (encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gzip : null) ?? entry.identity;
  const headers: OutgoingHttpHeaders = { ...entry.headers, ...extraHeaders, 'content-length': body.length };
  if (body !== entry.identity) headers['content-encoding'] = encoding ?? undefined;
  res.writeHead(entry.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
