import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { type Actor, ForbiddenError } from '../../src/auth/permissions.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { describeTimelineEntry } from '../../src/incidents/hub-text.ts';
import { loadIncidentPrep, loadRunbookPage, loadRunbooksIndex } from '../../src/runbooks/runbooks-page.ts';
import { saveChecklist } from '../../src/runbooks/save-checklist.ts';
import { saveRunbook } from '../../src/runbooks/save-runbook.ts';
import { tickChecklistItem } from '../../src/runbooks/tick-checklist-item.ts';
import type { Services } from '../../src/services.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler, testServices } from '../support/job-queue.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const T0 = new Date('2026-11-29T09:00:00Z');
const MINUTE = 60_000;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe.each(testDatabaseKinds())('runbooks and checklists on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let services: Services;
  let clock = T0;
  let admin: Actor;
  let comms: Actor;
  let responder: Actor;
  let viewer: Actor;
  let postgres: string;
  let cdn: string;
  let incidentId: string;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    services = { ...testServices(target, { now: () => clock }), jobs: recordingScheduler() };
    admin = await insertTestActor(target, 'admin');
    comms = await insertTestActor(target, 'comms');
    responder = await insertTestActor(target, 'responder');
    viewer = await insertTestActor(target, 'viewer');
    postgres = await insertOperationalComponent(target, 'Managed PostgreSQL', T0);
    cdn = await insertOperationalComponent(target, 'CDN', T0);
  });

  afterAll(async () => {
    await services?.mailer.close();
    await target?.dispose();
  });

  it('keeps every runbook edit as a version with its author and time; responders and viewers only read', async () => {
    clock = T0;
    expect(value(await saveRunbook(services, comms, postgres, { body: '## First steps\n\nCheck replication lag.' }))).toEqual({ version: 1, changed: true });
    clock = new Date(T0.getTime() + 5 * MINUTE);
    expect(value(await saveRunbook(services, admin, postgres, { body: '## First steps\r\n\nCheck replication lag.\n\nPause failover.\n' }))).toEqual({ version: 2, changed: true });
    // The same text again adds nothing.
    expect(value(await saveRunbook(services, admin, postgres, { body: '## First steps\n\nCheck replication lag.\n\nPause failover.' }))).toEqual({ version: 2, changed: false });
    await expect(saveRunbook(services, responder, postgres, { body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveRunbook(services, viewer, postgres, { body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);

    const tooLong = await saveRunbook(services, comms, postgres, { body: 'x'.repeat(20_001) });
    expect(!tooLong.ok && tooLong.errors['body']).toMatch(/capped at 20,000 characters/);
    const html = await saveRunbook(services, comms, postgres, { body: 'Hello <script>alert(1)</script>' });
    expect(!html.ok && html.errors['body']).toMatch(/<script> tag/);
    expect(await saveRunbook(services, comms, 'no-such-component', { body: 'x' })).toEqual({ ok: false, errors: { _form: 'This component does not exist any more.' } });

    const page = await loadRunbookPage(services, viewer, postgres, null);
    expect(page.versions.map((v) => [v.version, v.authorName, v.createdAt.toISOString()])).toEqual([
      [2, admin.name, '2026-11-29T09:05:00.000Z'],
      [1, comms.name, '2026-11-29T09:00:00.000Z'],
    ]);
    expect(page.shownHtml).toBe('<h3>First steps</h3>\n<p>Check replication lag.</p>\n<p>Pause failover.</p>\n');
    expect(page.canManage).toBe(false);
    const old = await loadRunbookPage(services, viewer, postgres, '1');
    expect(old.isOld).toBe(true);
    expect(old.shown?.body).toBe('## First steps\n\nCheck replication lag.');
    expect((await loadRunbookPage(services, viewer, postgres, '9')).versionMissing).toBe(true);

    const index = await loadRunbooksIndex(services, viewer);
    expect(index.components.map((c) => [c.name, c.runbook?.version ?? null])).toEqual([['CDN', null], ['Managed PostgreSQL', 2]]);
    const audit = await db.selectFrom('timeline_events').select(['kind', 'actor']).where('kind', '=', 'runbook.saved').orderBy('occurred_at').execute();
    expect(audit).toEqual([{ kind: 'runbook.saved', actor: comms.name }, { kind: 'runbook.saved', actor: admin.name }]);
  });

  it('edits the severity checklists (admin and comms) and shows the incident its runbooks and checklist', async () => {
    await expect(saveChecklist(services, responder, { severity: 'SEV1', items: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    value(await saveChecklist(services, comms, { severity: 'SEV1', items: '- Page the IC\n- Open the bridge\n- First public update within 15 min' }));
    value(await saveChecklist(services, comms, { severity: 'SEV3', items: 'Note the cause' }));
    const tooMany = await saveChecklist(services, comms, { severity: 'SEV2', items: Array.from({ length: 31 }, (_, i) => `Item ${i}`).join('\n') });
    expect(!tooMany.ok && tooMany.errors['items']).toMatch(/30 items or fewer/);

    clock = new Date(T0.getTime() + 10 * MINUTE);
    incidentId = value(
      await declareIncident(services, responder, {
        title: 'Database failovers',
        severity: 'SEV1',
        impact: 'major',
        components: [{ componentId: postgres, status: 'major_outage' }, { componentId: cdn, status: 'degraded_performance' }],
        update: { audience: 'internal', status: 'investigating', body: 'Looking.', action: 'publish', notify: '' },
      }),
    ).incidentId;
    const prep = (await loadIncidentPrep(services, viewer, incidentId))!;
    expect(prep.severity).toBe('SEV1');
    expect(prep.checklist.map((item) => [item.text, item.tick])).toEqual([
      ['Page the IC', null],
      ['Open the bridge', null],
      ['First public update within 15 min', null],
    ]);
    // In the components' order (position, then name).
    expect(prep.runbooks.map((r) => [r.name, r.version])).toEqual([['CDN', null], ['Managed PostgreSQL', 2]]);
    expect(prep.runbooks[1]!.html).toContain('<h3>First steps</h3>');
    expect(prep.canTick).toBe(false);
  });

  it('writes each tick to the timeline with who and when; ticking twice changes nothing; viewers cannot tick', async () => {
    const itemId = (await loadIncidentPrep(services, viewer, incidentId))!.checklist[0]!.id;
    clock = new Date(T0.getTime() + 12 * MINUTE);
    expect(value(await tickChecklistItem(services, responder, { incidentId, itemId, ticked: '1' })).changed).toBe(true);
    expect(value(await tickChecklistItem(services, comms, { incidentId, itemId, ticked: '1' })).changed).toBe(false);
    await expect(tickChecklistItem(services, viewer, { incidentId, itemId, ticked: '1' })).rejects.toBeInstanceOf(ForbiddenError);
    // An item of another severity's checklist is not this incident's.
    const sev3 = (await db.selectFrom('checklist_items').select('id').where('severity', '=', 'SEV3').executeTakeFirstOrThrow()).id;
    expect((await tickChecklistItem(services, responder, { incidentId, itemId: sev3, ticked: '1' })).ok).toBe(false);

    const prep = (await loadIncidentPrep(services, viewer, incidentId))!;
    expect(prep.checklist[0]!.tick).toMatchObject({ tickedByName: responder.name, tickedAt: clock });
    const ticks = (await findIncidentDetail(db, incidentId))!.timeline.filter((e) => e.kind.startsWith('checklist.'));
    expect(ticks.map((e) => [e.actorName, e.occurredAt.toISOString(), describeTimelineEntry(e).text])).toEqual([
      [responder.name, '2026-11-29T09:12:00.000Z', 'ticked “Page the IC” on the SEV1 checklist'],
    ]);

    // Editing the checklist keeps the tick of an unchanged line.
    value(await saveChecklist(services, admin, { severity: 'SEV1', items: 'Page the IC\nOpen the bridge (video call)\nFirst public update within 15 min' }));
    const after = (await loadIncidentPrep(services, viewer, incidentId))!;
    expect(after.checklist.map((item) => [item.text, item.tick?.tickedByName ?? null])).toEqual([
      ['Page the IC', responder.name],
      ['Open the bridge (video call)', null],
      ['First public update within 15 min', null],
    ]);

    clock = new Date(T0.getTime() + 13 * MINUTE);
    expect(value(await tickChecklistItem(services, comms, { incidentId, itemId, ticked: '0' })).changed).toBe(true);
    expect((await loadIncidentPrep(services, viewer, incidentId))!.checklist[0]!.tick).toBeNull();
    const last = (await findIncidentDetail(db, incidentId))!.timeline.filter((e) => e.kind === 'checklist.unticked');
    expect(last.map((e) => [e.actorName, describeTimelineEntry(e).text])).toEqual([[comms.name, 'unticked “Page the IC” on the SEV1 checklist']]);
  });
});
