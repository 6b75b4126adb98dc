import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { insertComponent } from '../../db/queries/components.ts';
import { insertInternalRecipient } from '../../db/queries/internal-recipients.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { insertStatusInterval } from '../../db/queries/status-intervals.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { loadComposerRecipients, rememberedAudience } from '../../src/incidents/composer-audience.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import type { Services } from '../../src/services.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/*
 * Who the composer says an update will reach, and what the timeline says it
 * reached: the counts come from the same filters as the fan-out.
 */

const NOW = new Date('2026-11-29T09:00:00.000Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('composer recipients on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let services: Services;
  let clock = NOW;
  const comms: Actor = { id: 'user-comms', name: 'Casey Comms', role: 'comms' };
  const responder: Actor = { id: 'user-responder', name: 'Rory Responder', role: 'responder' };
  let api = '';
  let search = '';

  async function subscriber(id: string, options: { status?: string; all?: boolean; components?: string[] } = {}): Promise<void> {
    await db
      .insertInto('subscribers')
      .values({ id, email: `${id}@example.com`, status: (options.status ?? 'confirmed') as 'confirmed', token_hash: new TextEncoder().encode(id), all_components: options.all ?? false, confirmed_at: NOW })
      .execute();
    for (const componentId of options.components ?? []) await db.insertInto('subscriber_components').values({ subscriber_id: id, component_id: componentId }).execute();
  }

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    const config = loadConfig({ HERALD_DATA_DIR: target.dataDir });
    services = {
      db,
      config,
      mailer: createMailer(config),
      now: () => clock,
      refreshSnapshot: () => {},
      jobs: { schedulePublish: async () => {}, scheduleMaintenance: async () => {} },
    };
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, NOW);
    for (const [actor, internal] of [[comms, true], [responder, false]] as const) {
      await db.insertInto('users').values({ id: actor.id, email: `${actor.role}@example.com`, name: actor.name, role: actor.role, password_hash: 'x', internal_notifications: internal }).execute();
    }
    await insertInternalRecipient(db, 'oncall@example.com', NOW);
    await insertInternalRecipient(db, 'COMMS@example.com', NOW); // the same person as the comms user: counted once
    const created = new Date(NOW.getTime() - 86_400_000);
    api = await insertComponent(db, { groupId: null, name: 'API', position: 0, createdAt: created });
    search = await insertComponent(db, { groupId: null, name: 'Search', position: 1, createdAt: created });
    for (const id of [api, search]) await insertStatusInterval(db, { componentId: id, status: 'operational', startedAt: created });
    await subscriber('s-all', { all: true });
    await subscriber('s-api', { components: [api] });
    await subscriber('s-search', { components: [search] });
    await subscriber('s-pending', { status: 'pending', all: true });
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('counts confirmed subscribers following everything or one of the components, and the internal list once per address', async () => {
    await expect(loadComposerRecipients(db, [])).resolves.toEqual({ subscribers: 1, internalList: 2 });
    await expect(loadComposerRecipients(db, [api])).resolves.toEqual({ subscribers: 2, internalList: 2 });
    await expect(loadComposerRecipients(db, [api, search, api])).resolves.toEqual({ subscribers: 3, internalList: 2 });
  });

  it('says in the timeline how many were notified, and remembers the audience each person last used', async () => {
    const declared = value(
      await declareIncident(services, comms, {
        title: 'API errors',
        severity: 'SEV2',
        impact: 'major',
        components: [{ componentId: api, status: 'partial_outage' }],
        update: { audience: 'external', status: 'investigating', body: 'Looking into it.', action: 'publish', notify: true },
      }),
    );
    const incidentId = declared.incidentId;
    await expect(rememberedAudience(db, incidentId, comms, true)).resolves.toBe('external');
    await expect(rememberedAudience(db, incidentId, responder, false)).resolves.toBe('internal');
    clock = new Date(NOW.getTime() + 60_000);
    value(await saveUpdate(services, comms, { incidentId, audience: 'internal', status: 'investigating', body: 'Rolled back.', action: 'publish' }));
    await expect(rememberedAudience(db, incidentId, comms, true)).resolves.toBe('internal');

    const events = await db.selectFrom('timeline_events').select(['details']).where('incident_id', '=', incidentId).where('kind', '=', 'update.published').orderBy('occurred_at').orderBy('id').execute();
    const details = events.map((e) => e.details as Record<string, unknown>);
    expect(details.map((d) => [d['audience'], d['recipients']])).toEqual([
      ['external', 2],
      ['internal', 2],
    ]);
  });
});
