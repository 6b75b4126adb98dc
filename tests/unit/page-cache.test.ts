import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AstroApp, RenderedPage } from '../../src/server/astro-app.ts';
import { buildCachedResponse } from '../../src/server/cached-response.ts';
import { createPageCache } from '../../src/server/page-cache.ts';
import type { SnapshotState, SnapshotStore } from '../../src/server/snapshot-store.ts';
import type { Services } from '../../src/services.ts';
import { fixtureSnapshot } from '../fixtures/snapshot.ts';

function fakes(): { app: AstroApp; store: SnapshotStore & { bump(): void }; rendered: string[] } {
  const rendered: string[] = [];
  let state: SnapshotState = { snapshot: fixtureSnapshot(), staleSince: null, generation: 1 };
  const app: AstroApp = {
    handle: async () => {},
    render: async (path): Promise<RenderedPage> => {
      rendered.push(path);
      const known = state.snapshot.incidents.some((incident) => path === `/incidents/${incident.id}`);
      const html = `<!doctype html><title>${known ? 'Incident' : 'Incident not found'}</title>${'<p>padding text</p>'.repeat(50)}`;
      return { status: known ? 200 : 404, headers: { 'content-type': 'text/html' }, body: Buffer.from(html) };
    },
  };
  const store = {
    state: () => state,
    tick: async () => {},
    start: () => {},
    stop: () => {},
    onChange: () => {},
    databaseReachable: () => true,
    bump: () => {
      state = { ...state, generation: state.generation + 1 };
    },
  };
  return { app, store, rendered };
}

describe('the page cache', () => {
  it('answers every unknown incident id with one cached 404, rendered once per generation', async () => {
    const { app, store, rendered } = fakes();
    const cache = createPageCache(app, store, {} as Services, () => {});
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => cache.get(`/incidents/random${i}`)));
    expect(answers.every((answer) => answer.status === 404)).toBe(true);
    expect(new Set(answers)).toHaveProperty('size', 1);
    expect(rendered).toEqual(['/incidents/-']);
    expect(cache.size()).toBe(0); // the flood did not fill the cache

    const known = fixtureSnapshot().incidents[0]?.id ?? '';
    expect((await cache.get(`/incidents/${known}`)).status).toBe(200);
    store.bump();
    await cache.get('/incidents/another');
    expect(rendered).toEqual(['/incidents/-', `/incidents/${known}`, '/incidents/-']);
  });

  it('compresses one-off answers too, at the cheap level', () => {
    const body = Buffer.from('<p>status update text, fairly repetitive</p>'.repeat(400));
    const kept = buildCachedResponse(200, body, { 'content-type': 'text/html' });
    const oneOff = buildCachedResponse(404, body, { 'content-type': 'text/html' }, 'cheap');
    expect(brotliDecompressSync(kept.br ?? Buffer.alloc(0)).equals(body)).toBe(true);
    expect(brotliDecompressSync(oneOff.br ?? Buffer.alloc(0)).equals(body)).toBe(true);
    expect(oneOff.br?.length ?? Infinity).toBeLessThan(body.length / 10);
    expect(oneOff.gzip?.length ?? Infinity).toBeLessThan(body.length / 10);
  });
});
