import { describe, expect, it } from 'vitest';
import { buildCachedResponse, type CachedResponse } from '../../src/server/cached-response.ts';
import { createRecompressor } from '../../src/server/recompressor.ts';

const page = (text: string): CachedResponse =>
  buildCachedResponse(
    200,
    Buffer.from(Array.from({ length: 2_000 }, (_, i) => `<li class="day">${text}: day ${(i * 7919) % 10007}, ${((i * 104729) % 10000) / 100}% uptime</li>`).join('\n')),
    { 'content-type': 'text/html' },
    'cheap',
  );

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the recompressor', () => {
  it('swaps in the best compression once changes settle, and skips a response replaced meanwhile', async () => {
    const kept = new Map<string, CachedResponse>([['/', page('home')], ['/history', page('history')]]);
    const recompressor = createRecompressor({ quietMs: 20, log: () => {} });
    const first = kept.get('/') as CachedResponse;
    recompressor.schedule('/', () => kept.get('/'), (better) => kept.set('/', better));
    recompressor.schedule('/history', () => kept.get('/history'), (better) => kept.set('/history', better));
    // A newer version of / is kept before the quiet period ends: only that one counts.
    const newer = page('home, changed');
    kept.set('/', newer);
    recompressor.schedule('/', () => kept.get('/'), (better) => kept.set('/', better));
    await until(() => kept.get('/') !== newer && (kept.get('/history')?.br?.length ?? 0) < (page('history').br?.length ?? 0));
    expect(kept.get('/')?.etag).toBe(newer.etag);
    expect(kept.get('/')?.br?.length).toBeLessThan(newer.br?.length ?? 0);
    expect(kept.get('/')?.etag).not.toBe(first.etag);
    expect(kept.get('/history')?.br?.length).toBeLessThan(page('history').br?.length ?? 0);
  });
});
