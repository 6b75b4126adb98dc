import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heraldEnv, type HeraldProcess, ROOT, runHerald, startHerald, waitFor } from '../support/herald-process.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * The management API's postmortem endpoints (Statuspage's paths and fields)
 * against the built server on both databases: write, publish (twice), read it on
 * the incident object and the public page, revert, delete; scopes enforced.
 */

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'entry.mjs'))) {
    throw new Error('These tests run the built server: run "npm run build" first (npm test does).');
  }
});

describe.each(testDatabaseKinds())('postmortem API v1 on %s', (kind) => {
  let database: TestDatabase;
  let herald: HeraldProcess;
  let env: NodeJS.ProcessEnv;
  let pageId = '';
  const tokens: Record<string, string> = {};

  const makeToken = async (name: string, scopes: string): Promise<string> => {
    const result = await runHerald(['token', 'create', '--name', name, '--scopes', scopes, '--expires-in', '30d'], env);
    expect(result.code, result.output).toBe(0);
    return result.output.trim().split('\n').at(-1) ?? '';
  };

  const api = (method: string, route: string, token: string, json?: unknown): Promise<Response> =>
    fetch(`${herald.url}/api/v1/pages/${pageId}${route}`, {
      method,
      headers: { authorization: `OAuth ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: kind === 'postgres' });
    const base = { HERALD_DATA_DIR: database.dataDir, HERALD_DEMO: '0' };
    env = heraldEnv(kind === 'postgres' ? { ...base, DATABASE_URL: database.url ?? '' } : base);
    if (kind === 'embedded') await database.handle.close();
    herald = await startHerald(env);
    pageId = ((await (await fetch(`${herald.url}/api/v2/summary.json`)).json()) as { page: { id: string } }).page.id;
    tokens['admin'] = await makeToken('automation', 'admin');
    tokens['writer'] = await makeToken('postmortem bot', 'postmortems:write');
    tokens['reader'] = await makeToken('dashboard', 'read');
    tokens['incidents'] = await makeToken('incident bot', 'incidents:write,incidents:publish');
  }, 120_000);

  afterAll(async () => {
    expect(await herald?.stop()).toBe(0);
    await database?.dispose().catch(() => {});
  });

  it('writes, publishes once, shows, reverts and deletes a postmortem, with the scopes enforced', async () => {
    const created = (await (await api('POST', '/incidents', tokens['incidents']!, { incident: { name: 'Queue backlog', body: 'Jobs are delayed.' } })).json()) as { id: string };
    const route = `/incidents/${created.id}/postmortem`;
    expect((await api('PATCH', `/incidents/${created.id}`, tokens['incidents']!, { incident: { status: 'resolved', body: 'Jobs run on time again.' } })).status).toBe(200);

    expect((await api('GET', route, tokens['reader']!)).status).toBe(404);
    const refused = await api('PUT', route, tokens['incidents']!, { postmortem: { body_draft: 'x' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain('postmortems:write');

    const written = await api('PUT', route, tokens['writer']!, {
      postmortem: { body_draft: 'A worker deploy halved the queue consumers.', herald: { sections: { went_poorly: 'SECRET-internal remark' }, root_cause_tags: ['deploy'] } },
    });
    expect(written.status).toBe(200);
    const draft = (await written.json()) as { body: string | null; body_draft: string; herald: { state: string; root_cause_tags: string[] } };
    expect(draft).toMatchObject({ body: null, herald: { state: 'draft', root_cause_tags: ['deploy'] } });
    expect(draft.body_draft).toContain('### Summary\n\nA worker deploy halved the queue consumers.');

    const badTag = await api('PUT', route, tokens['writer']!, { postmortem: { herald: { root_cause_tags: ['gremlins'] } } });
    expect(badTag.status).toBe(422);
    expect(((await badTag.json()) as { error: string }).error).toMatch(/^postmortem\.herald\.root_cause_tags: “gremlins” is not a root-cause tag/);
    const tooLong = await api('PUT', route, tokens['writer']!, { postmortem: { body_draft: 'x'.repeat(20_001) } });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: string }).error).toContain('postmortem.herald.sections.summary: Keep this section under 20,000 characters');

    const published = await api('PUT', `${route}/publish`, tokens['writer']!, { postmortem: { notify_subscribers: false, notify_twitter: true, custom_tweet: 'ignored' } });
    expect(published.status).toBe(200);
    const body = (await published.json()) as { body: string; published_at: string; herald: { state: string } };
    expect(body.herald.state).toBe('published_public');
    expect(body.body).toBe('### Summary\n\nA worker deploy halved the queue consumers.');
    const again = (await (await api('PUT', `${route}/publish`, tokens['writer']!, {})).json()) as { published_at: string };
    expect(again.published_at).toBe(body.published_at);

    const incident = (await (await api('GET', `/incidents/${created.id}`, tokens['reader']!)).json()) as Record<string, unknown>;
    expect(incident).toMatchObject({ postmortem_body: body.body, postmortem_published_at: body.published_at, postmortem_notified_subscribers: false });
    expect(await waitFor(async () => (await (await fetch(`${herald.url}/incidents/${created.id}`)).text()).includes('A worker deploy halved'), 5_000)).toBe(true);
    expect(await (await fetch(`${herald.url}/incidents/${created.id}`)).text()).not.toContain('SECRET-internal');

    const reverted = (await (await api('PUT', `${route}/revert`, tokens['writer']!)).json()) as { body: string | null; herald: { state: string } };
    expect(reverted).toMatchObject({ body: null, herald: { state: 'draft' } });
    expect(((await (await api('GET', `/incidents/${created.id}`, tokens['reader']!)).json()) as Record<string, unknown>)['postmortem_body']).toBeNull();

    expect((await api('DELETE', route, tokens['reader']!)).status).toBe(403);
    expect((await api('DELETE', route, tokens['writer']!)).status).toBe(204);
    expect((await api('GET', route, tokens['reader']!)).status).toBe(404);
    expect((await api('DELETE', route, tokens['writer']!)).status).toBe(404);
    expect((await api('GET', '/incidents/nope/postmortem', tokens['reader']!)).status).toBe(404);

    const openapi = (await (await fetch(`${herald.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(openapi.paths['/pages/{page_id}/incidents/{incident_id}/postmortem'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(openapi.paths['/pages/{page_id}/incidents/{incident_id}/postmortem/publish'] ?? {})).toEqual(['put']);
  });
});
