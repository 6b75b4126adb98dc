import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCachedResponse, recompressAtMax } from '../../src/server/cached-response.ts';

const page = Buffer.from(Array.from({ length: 2_000 }, (_, i) => `<li class="day">Day ${i % 90}: 100.00% uptime, no incidents</li>`).join('\n'));

describe('cached responses', () => {
  it('are recompressed at the best level without changing what a client receives or its ETag', async () => {
    const cheap = buildCachedResponse(200, page, { 'content-type': 'text/html; charset=utf-8' }, 'cheap');
    const best = await recompressAtMax(cheap);
    expect(best.etag).toBe(cheap.etag);
    expect(best.headers).toEqual(cheap.headers);
    expect(brotliDecompressSync(best.br ?? Buffer.alloc(0)).equals(page)).toBe(true);
    expect(gunzipSync(best.gzip ?? Buffer.alloc(0)).equals(page)).toBe(true);
    expect(best.br?.length).toBeLessThan(cheap.br?.length ?? 0);
  });

  it('leave responses too small or not compressible as they are', async () => {
    const image = buildCachedResponse(200, Buffer.from('GIF89a'), { 'content-type': 'image/gif' }, 'cheap');
    expect(await recompressAtMax(image)).toBe(image);
  });
});
