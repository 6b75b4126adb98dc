import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInternalRecipients } from '../../db/queries/internal-recipients.ts';
import { findUserById } from '../../db/queries/users.ts';
import { ForbiddenError } from '../../src/auth/permissions.ts';
import { addInternalRecipient } from '../../src/internal-list/add-internal-recipient.ts';
import { loadInternalRecipients } from '../../src/internal-list/load-internal-recipients.ts';
import { removeInternalRecipient } from '../../src/internal-list/remove-internal-recipient.ts';
import { setInternalNotifications } from '../../src/internal-list/set-internal-notifications.ts';
import type { Services } from '../../src/services.ts';
import { insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('internal mailing list (%s)', (kind) => {
  let target: TestDatabase;
  let services: Services;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    services = { ...testServices(target), jobs: recordingScheduler() };
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it('lets each user opt in and out of internal updates for their own account', async () => {
    const viewer = await insertTestActor(target, 'viewer');
    const other = await insertTestActor(target, 'responder');
    expect((await findUserById(services.db, viewer.id))?.internalNotifications).toBe(false);

    // A ticked checkbox sends "on"; an unticked one sends nothing.
    await expect(setInternalNotifications(services, viewer, { enabled: 'on' })).resolves.toEqual({ ok: true, value: { enabled: true } });
    expect((await findUserById(services.db, viewer.id))?.internalNotifications).toBe(true);
    expect((await findUserById(services.db, other.id))?.internalNotifications).toBe(false);

    await expect(setInternalNotifications(services, viewer, {})).resolves.toEqual({ ok: true, value: { enabled: false } });
    expect((await findUserById(services.db, viewer.id))?.internalNotifications).toBe(false);

    await expect(setInternalNotifications(services, viewer, { enabled: true })).resolves.toMatchObject({ ok: true });
    const bad = await setInternalNotifications(services, viewer, { enabled: 'maybe' });
    expect(bad.ok).toBe(false);
    expect((await findUserById(services.db, viewer.id))?.internalNotifications).toBe(true);
  });

  it('lets admins add and remove extra addresses, once each whatever the case, with an audit trail', async () => {
    const admin = await insertTestActor(target, 'admin');
    expect(await loadInternalRecipients(services, admin)).toEqual([]);

    await expect(addInternalRecipient(services, admin, { email: '  oncall@example.com ' })).resolves.toEqual({ ok: true, value: { email: 'oncall@example.com' } });
    const again = await addInternalRecipient(services, admin, { email: 'OnCall@Example.com' });
    expect(again).toEqual({ ok: false, errors: { email: 'OnCall@Example.com is already on the internal list.' } });
    await addInternalRecipient(services, admin, { email: 'leads@example.com' });
    expect((await loadInternalRecipients(services, admin)).map((r) => r.email)).toEqual(['oncall@example.com', 'leads@example.com']);

    await expect(removeInternalRecipient(services, admin, { email: 'ONCALL@example.com' })).resolves.toEqual({ ok: true, value: { removed: true } });
    await expect(removeInternalRecipient(services, admin, { email: 'oncall@example.com' })).resolves.toEqual({ ok: true, value: { removed: false } });
    expect((await listInternalRecipients(services.db)).map((r) => r.email)).toEqual(['leads@example.com']);

    const events = await target.handle.db
      .selectFrom('timeline_events')
      .select(['kind', 'actor_id'])
      .where('kind', 'like', 'settings.internal_recipient_%')
      .orderBy('occurred_at')
      .execute();
    expect(events.map((e) => e.kind)).toEqual([
      'settings.internal_recipient_added',
      'settings.internal_recipient_added',
      'settings.internal_recipient_removed',
    ]);
    expect(events.every((e) => e.actor_id === admin.id)).toBe(true);
  });

  it('refuses malformed addresses and header injection, keeping the list as it was', async () => {
    const admin = await insertTestActor(target, 'admin');
    const before = await listInternalRecipients(services.db);
    for (const email of ['not an address', '', 'ops@example.com\r\nBcc: everyone@example.com', 'a@b']) {
      const result = await addInternalRecipient(services, admin, { email });
      expect(result.ok, email).toBe(false);
      if (!result.ok) expect(result.errors['email']).toBeTruthy();
    }
    expect(await listInternalRecipients(services.db)).toEqual(before);
  });

  it('is for admins only', async () => {
    const comms = await insertTestActor(target, 'comms');
    await expect(loadInternalRecipients(services, comms)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addInternalRecipient(services, comms, { email: 'x@example.com' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeInternalRecipient(services, comms, { email: 'leads@example.com' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listInternalRecipients(services.db)).map((r) => r.email)).toEqual(['leads@example.com']);
  });
});
