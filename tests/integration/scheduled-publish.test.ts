import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncidentDetail, listPendingUpdates } from '../../db/queries/incident-admin.ts';
import { findUpdateById, listDueUpdateIds } from '../../db/queries/updates.ts';
import type { Actor } from '../../src/auth/permissions.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { publishDueUpdate } from '../../src/incidents/publish-update.ts';
import { saveUpdate } from '../../src/incidents/save-update.ts';
import type { Services } from '../../src/services.ts';
import { changeRole } from '../../src/users/change-role.ts';
import { setUserDisabled } from '../../src/users/set-user-disabled.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const MINUTE = 60_000;
const START = new Date('2026-11-21T09:00:00.000Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

/*
 * A scheduled update is published as its author when its time comes, so the
 * author's permission is checked again then: someone demoted, deactivated or
 * deleted in between does not get an update published in their name.
 */
describe.each(testDatabaseKinds())('publishing a scheduled update on %s', (kind) => {
  let target: TestDatabase;
  let services: Services;
  let admin: Actor;
  let clock: Date;
  let component: string;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    clock = START;
    services = { ...testServices(target, { now: () => clock }), jobs: recordingScheduler() };
    admin = await insertTestActor(target, 'admin');
    component = await insertOperationalComponent(target, 'API', new Date(START.getTime() - MINUTE));
  });

  afterAll(async () => {
    await target?.dispose();
  });

  /** A public incident and an external update `author` schedules for ten minutes from now. */
  async function scheduleAs(author: Actor, audience: 'external' | 'internal' = 'external'): Promise<{ incidentId: string; updateId: string; at: Date }> {
    const { incidentId } = value(
      await declareIncident(services, admin, {
        title: `Errors ${Math.random().toString(36).slice(2, 7)}`,
        severity: 'SEV2',
        impact: 'minor',
        components: [{ componentId: component, status: 'degraded_performance' }],
        update: { audience: 'external', body: 'Investigating.', action: 'publish', notify: false },
      }),
    );
    const at = new Date(clock.getTime() + 10 * MINUTE);
    const { updateId } = value(
      await saveUpdate(services, author, { incidentId, audience, status: 'monitoring', body: 'A fix is out.', action: 'schedule', scheduledFor: at }),
    );
    return { incidentId, updateId, at };
  }

  it('publishes as the author when they still may', async () => {
    const comms = await insertTestActor(target, 'comms');
    const { updateId, at } = await scheduleAs(comms);
    clock = new Date(at.getTime() + 1_000);
    expect(await publishDueUpdate(services, updateId)).toBe(true);
    expect(await findUpdateById(target.handle.db, updateId)).toMatchObject({ state: 'published', publishedById: comms.id, publishBlockedReason: null });
  });

  it('leaves it unpublished and flagged on the dashboard when the author became a viewer; rescheduling by someone who may publishes it', async () => {
    const comms = await insertTestActor(target, 'comms');
    const { incidentId, updateId, at } = await scheduleAs(comms);
    value(await changeRole(services, admin, { userId: comms.id, role: 'viewer' }));

    clock = new Date(at.getTime() + 1_000);
    expect(await publishDueUpdate(services, updateId)).toBe(false);
    expect(await publishDueUpdate(services, updateId)).toBe(false); // and again: no second flag
    const reason = `${comms.name} may no longer publish external updates`;
    expect(await findUpdateById(target.handle.db, updateId)).toMatchObject({ state: 'scheduled', publishedAt: null, publishBlockedReason: reason });
    expect((await listPendingUpdates(target.handle.db)).find((u) => u.id === updateId)).toMatchObject({ incidentId, publishBlockedReason: reason });
    // The sweep does not pick it up again by itself.
    expect(await listDueUpdateIds(target.handle.db, clock)).not.toContain(updateId);
    const detail = (await findIncidentDetail(target.handle.db, incidentId))!;
    expect(detail.updates.filter((u) => u.state === 'published').map((u) => u.status)).toEqual(['investigating']);
    expect(detail.timeline.filter((e) => e.kind === 'update.publish_blocked')).toEqual([expect.objectContaining({ details: { updateId, audience: 'external', reason } })]);

    // An admin schedules it again: it is theirs now, the flag is gone, and it goes out.
    const again = new Date(clock.getTime() + 5 * MINUTE);
    value(await saveUpdate(services, admin, { updateId, incidentId, audience: 'external', status: 'monitoring', body: 'A fix is out.', action: 'schedule', scheduledFor: again }));
    expect((await findUpdateById(target.handle.db, updateId))?.publishBlockedReason).toBeNull();
    clock = new Date(again.getTime() + 1_000);
    expect(await publishDueUpdate(services, updateId)).toBe(true);
    expect(await findUpdateById(target.handle.db, updateId)).toMatchObject({ state: 'published', publishedById: admin.id });
  });

  it('leaves it unpublished when the author was deactivated or deleted', async () => {
    const leaving = await insertTestActor(target, 'comms');
    const deleted = await insertTestActor(target, 'comms');
    const first = await scheduleAs(leaving);
    const second = await scheduleAs(deleted);
    value(await setUserDisabled(services, admin, { userId: leaving.id, disabled: true }));
    await target.handle.db.deleteFrom('users').where('id', '=', deleted.id).execute();

    clock = new Date(second.at.getTime() + 1_000);
    expect(await publishDueUpdate(services, first.updateId)).toBe(false);
    expect(await publishDueUpdate(services, second.updateId)).toBe(false);
    expect((await findUpdateById(target.handle.db, first.updateId))?.publishBlockedReason).toBe(`${leaving.name}’s account is deactivated`);
    expect((await findUpdateById(target.handle.db, second.updateId))?.publishBlockedReason).toBe('its author’s account no longer exists');
  });

  it('still publishes a responder’s scheduled internal update: they may post internal updates', async () => {
    const responder = await insertTestActor(target, 'responder');
    const { updateId, at } = await scheduleAs(responder, 'internal');
    clock = new Date(at.getTime() + 1_000);
    expect(await publishDueUpdate(services, updateId)).toBe(true);
  });
});
