import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { listAuditEvents } from '../../db/queries/audit-log.ts';
import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { listUpdateTemplates } from '../../db/queries/update-templates.ts';
import type { AuditFilter } from '../../src/domain/audit-event.ts';
import { parseAuditFilter } from '../../src/audit/audit-filter.ts';
import { summarizeAuditEvent } from '../../src/audit/describe-event.ts';
import { listAuditLog } from '../../src/audit/list-audit-log.ts';
import { type Actor, ForbiddenError } from '../../src/auth/permissions.ts';
import { changeComponentStatus } from '../../src/catalog/change-component-status.ts';
import { createComponentGroup } from '../../src/catalog/create-component-group.ts';
import { createComponent } from '../../src/catalog/create-component.ts';
import { createUpdateTemplate } from '../../src/catalog/create-update-template.ts';
import { deleteComponentGroup } from '../../src/catalog/delete-component-group.ts';
import { deleteComponent } from '../../src/catalog/delete-component.ts';
import { deleteUpdateTemplate } from '../../src/catalog/delete-update-template.ts';
import { DEFAULT_TEMPLATES, ensureDefaultTemplates } from '../../src/catalog/ensure-default-templates.ts';
import { fillTemplate } from '../../src/catalog/fill-template.ts';
import { moveComponentGroup } from '../../src/catalog/move-component-group.ts';
import { moveComponent } from '../../src/catalog/move-component.ts';
import { updateComponent } from '../../src/catalog/update-component.ts';
import { updateUpdateTemplate } from '../../src/catalog/update-update-template.ts';
import { loadComponentCatalog } from '../../src/catalog/views.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import type { Role } from '../../src/domain/types.ts';
import type { Services } from '../../src/services.ts';
import { loadSnapshot } from '../../src/status/load-snapshot.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';

const MINUTE = 60_000;
const START = new Date('2026-11-27T12:00:00.000Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errors<T>(result: Result<T>): Record<string, string> {
  if (result.ok) throw new Error(`Expected field errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

const ANY: AuditFilter = { kind: null, actorId: null, incidentId: null, from: null, until: null, before: null, limit: 50 };

describe('templates, without a database', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    const body = 'Trouble with {{components}} on {{page.name}}: “{{incident.title}}” is {{ status }}. {{unknown}}';
    expect(fillTemplate(body, { incidentTitle: 'Slow API', components: ['API', 'Dashboard', 'Webhooks'], status: 'identified', pageName: 'Acme' })).toBe(
      'Trouble with API, Dashboard and Webhooks on Acme: “Slow API” is Identified. {{unknown}}',
    );
    expect(fillTemplate('{{components}}', { incidentTitle: '', components: [], status: 'resolved', pageName: '' })).toBe('our services');
  });

  it('reads the audit filter from query parameters, refusing bad values with messages', () => {
    const good = parseAuditFilter(new URLSearchParams('kind=component.created&from=2026-11-01&to=2026-11-30&before=42'));
    expect(good.result.ok && good.result.value).toMatchObject({
      kind: 'component.created',
      from: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-12-01T00:00:00Z'),
      before: '42',
    });
    const bad = parseAuditFilter(new URLSearchParams('from=2026-02-30&to=yesterday&before=abc&actor=%27%3B--'));
    expect(bad.result.ok).toBe(false);
    if (!bad.result.ok) expect(Object.keys(bad.result.errors).sort()).toEqual(['actor', 'before', 'from', 'to']);
    expect(bad.form.to).toBe('yesterday');
    const reversed = parseAuditFilter(new URLSearchParams('from=2026-11-02&to=2026-11-01'));
    expect(!reversed.result.ok && reversed.result.errors['to']).toMatch(/on or after/);
  });
});

describe.each(testDatabaseKinds())('the catalogue on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let clock: Date;
  let services: Services;
  let refreshes = 0;
  const people = {} as Record<Role, Actor>;

  const tick = (minutes = 1): Date => {
    clock = new Date(clock.getTime() + minutes * MINUTE);
    return clock;
  };

  const snapshot = () => loadSnapshot(db, { now: clock, publicUrl: 'https://status.example.com' });

  /** Every component's position, in display order, and the groups' positions. */
  async function positions(): Promise<{ components: number[]; groups: number[] }> {
    return { components: (await listComponents(db)).map((c) => c.position), groups: (await listComponentGroups(db)).map((g) => g.position) };
  }

  async function count(table: 'components' | 'component_groups' | 'timeline_events' | 'update_templates'): Promise<number> {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    clock = START;
    const config = loadConfig({ HERALD_DATA_DIR: target.dataDir });
    services = {
      db,
      config,
      mailer: createMailer(config),
      now: () => clock,
      refreshSnapshot: () => {
        refreshes += 1;
      },
      jobs: { schedulePublish: async () => {}, scheduleMaintenance: async () => {} },
    };
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, clock);
    for (const role of ['admin', 'comms', 'responder', 'viewer'] as const) {
      const id = `user-${role}`;
      const name = `${role[0]!.toUpperCase()}${role.slice(1)} Person`;
      await db.insertInto('users').values({ id, email: `${role}@example.com`, name, role, password_hash: 'x' }).execute();
      people[role] = { id, name, role };
    }
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('creates groups and components, last in their group, operational from now', async () => {
    const core = value(await createComponentGroup(services, people.admin, { name: 'Core platform', description: 'What customers call' })).groupId;
    const data = value(await createComponentGroup(services, people.comms, { name: 'Data', description: '' })).groupId;
    const before = refreshes;
    const api = value(
      await createComponent(services, people.comms, { name: '  API  ', description: 'REST and GraphQL', groupId: core, showcase: 'on', startDate: '2026-11-01' }),
    ).componentId;
    tick();
    value(await createComponent(services, people.admin, { name: 'Dashboard', groupId: core, showcase: 'on' }));
    value(await createComponent(services, people.admin, { name: 'Postgres', groupId: data }));
    value(await createComponent(services, people.admin, { name: 'Status emails', groupId: '' }));
    expect(refreshes).toBe(before + 4);

    const components = await listComponents(db);
    // Ungrouped first, then each group in order, numbered densely across the page.
    expect(components.map((c) => c.name)).toEqual(['Status emails', 'API', 'Dashboard', 'Postgres']);
    expect(components.map((c) => c.position)).toEqual([0, 1, 2, 3]);
    const created = components.find((c) => c.id === api);
    expect(created).toMatchObject({ name: 'API', description: 'REST and GraphQL', showcase: true, onlyShowIfDegraded: false, startDate: '2026-11-01', status: 'operational' });
    const intervals = await db.selectFrom('component_status_intervals').selectAll().where('component_id', '=', api).execute();
    expect(intervals).toHaveLength(1);
    expect(intervals[0]).toMatchObject({ status: 'operational', ended_at: null });
    expect(intervals[0]?.started_at.toISOString()).toBe(START.toISOString());

    const catalog = await loadComponentCatalog(services, people.comms);
    expect(catalog.sections.map((s) => [s.group?.name ?? null, s.components.map((c) => c.name)])).toEqual([
      [null, ['Status emails']],
      ['Core platform', ['API', 'Dashboard']],
      ['Data', ['Postgres']],
    ]);
    const event = (await listAuditEvents(db, { ...ANY, kind: 'component.created' })).events.find((e) => e.details['componentId'] === api);
    expect(event).toMatchObject({ actorId: people.comms.id, actorName: 'Comms Person', details: { name: 'API', groupName: 'Core platform' } });
  });

  it('refuses bad input with a message per field and saves nothing', async () => {
    const before = { components: await count('components'), events: await count('timeline_events'), refreshes };
    expect(errors(await createComponent(services, people.admin, { name: '   ', groupId: '' }))).toEqual({ name: 'Give the component a name.' });
    expect(errors(await createComponent(services, people.admin, { name: 'Search', groupId: 'nosuchgroup' }))).toEqual({
      groupId: expect.stringMatching(/group does not exist/),
    });
    const several = errors(await createComponent(services, people.admin, { name: 'x'.repeat(101), startDate: '2026-02-30', showcase: 'maybe' }));
    expect(Object.keys(several).sort()).toEqual(['name', 'showcase', 'startDate']);
    expect(errors(await createComponentGroup(services, people.admin, { name: 'core PLATFORM' }))).toEqual({ name: expect.stringMatching(/already a group/) });
    expect(errors(await changeComponentStatus(services, people.admin, { id: 'nope', status: 'major_outage' }))).toEqual({ _form: expect.stringMatching(/does not exist/) });
    const api = (await listComponents(db)).find((c) => c.name === 'API')!;
    expect(errors(await changeComponentStatus(services, people.admin, { id: api.id, status: 'on_fire' }))).toEqual({ status: 'Choose one of the five statuses.' });
    expect(errors(await deleteComponent(services, people.admin, { id: api.id }))).toEqual({ confirm: expect.stringMatching(/Tick the box/) });
    expect(await count('components')).toBe(before.components);
    expect(await count('timeline_events')).toBe(before.events);
    expect(refreshes).toBe(before.refreshes);
  });

  it('reorders components within their group and groups on the page, keeping a dense order', async () => {
    const byName = async (name: string) => (await listComponents(db)).find((c) => c.name === name)!;
    const dashboard = await byName('Dashboard');
    expect(value(await moveComponent(services, people.comms, { id: dashboard.id, direction: 'up' }))).toEqual({ moved: true });
    expect((await listComponents(db)).map((c) => c.name)).toEqual(['Status emails', 'Dashboard', 'API', 'Postgres']);
    // Already first in its group: nothing changes, nothing is logged.
    const events = await count('timeline_events');
    expect(value(await moveComponent(services, people.comms, { id: dashboard.id, direction: 'up' }))).toEqual({ moved: false });
    expect(await count('timeline_events')).toBe(events);

    const data = (await listComponentGroups(db)).find((g) => g.name === 'Data')!;
    value(await moveComponentGroup(services, people.admin, { id: data.id, direction: 'up' }));
    expect((await listComponentGroups(db)).map((g) => g.name)).toEqual(['Data', 'Core platform']);
    expect((await listComponents(db)).map((c) => c.name)).toEqual(['Status emails', 'Postgres', 'Dashboard', 'API']);
    expect(await positions()).toEqual({ components: [0, 1, 2, 3], groups: [0, 1] });

    // Moving to another group by editing puts it last there.
    const api = await byName('API');
    value(await updateComponent(services, people.admin, { id: api.id, name: 'API', description: 'REST and GraphQL', groupId: data.id, showcase: 'on', startDate: '2026-11-01' }));
    expect((await listComponents(db)).map((c) => c.name)).toEqual(['Status emails', 'Postgres', 'API', 'Dashboard']);
    const edited = (await listAuditEvents(db, { ...ANY, kind: 'component.updated' })).events[0]!;
    expect(edited.details['changes']).toEqual({ groupId: { from: expect.any(String), to: data.id } });

    // Deleting a group ungroups its components, after those already ungrouped.
    const result = value(await deleteComponentGroup(services, people.admin, { id: data.id, confirm: 'on' }));
    expect(result).toEqual({ name: 'Data', ungrouped: 2 });
    const after = await listComponents(db);
    expect(after.map((c) => [c.name, c.groupId])).toEqual([
      ['Status emails', null],
      ['Postgres', null],
      ['API', null],
      ['Dashboard', expect.any(String)],
    ]);
    expect(await positions()).toEqual({ components: [0, 1, 2, 3], groups: [0] });

    // Deleting a component closes the gap.
    const emails = await byName('Status emails');
    value(await deleteComponent(services, people.admin, { id: emails.id, confirm: 'on' }));
    expect(await positions()).toEqual({ components: [0, 1, 2], groups: [0] });
    const snap = await snapshot();
    expect(snap.components.map((c) => c.name)).toEqual(['Postgres', 'API', 'Dashboard']);
  });

  it('sets a status by hand: an interval, an audit event and a new public snapshot', async () => {
    const api = (await listComponents(db)).find((c) => c.name === 'API')!;
    const before = await snapshot();
    const refreshed = refreshes;
    const at = tick(5);
    const change = value(await changeComponentStatus(services, people.comms, { id: api.id, status: 'major_outage' }));
    expect(change).toEqual({ name: 'API', oldStatus: 'operational', newStatus: 'major_outage', requested: 'major_outage', changed: true, heldBy: [] });
    expect(refreshes).toBe(refreshed + 1);

    const intervals = await db.selectFrom('component_status_intervals').selectAll().where('component_id', '=', api.id).orderBy('started_at').execute();
    expect(intervals.map((i) => [i.status, i.ended_at?.toISOString() ?? null])).toEqual([
      ['operational', at.toISOString()],
      ['major_outage', null],
    ]);
    expect(intervals[1]?.started_at.toISOString()).toBe(at.toISOString());

    const after = await snapshot();
    expect(after.version).not.toBe(before.version);
    expect(after.components.find((c) => c.id === api.id)?.status).toBe('major_outage');
    expect(after.overall.indicator).not.toBe('none');

    const event = (await listAuditEvents(db, { ...ANY, kind: 'component.status_changed' })).events[0]!;
    expect(event).toMatchObject({ actorId: people.comms.id, actorName: 'Comms Person', details: { componentId: api.id, oldStatus: 'operational', newStatus: 'major_outage' } });
    expect(event.occurredAt.toISOString()).toBe(at.toISOString());
    expect(summarizeAuditEvent(event)).toBe('API: Operational → Major outage');

    // The same status again changes nothing.
    const events = await count('timeline_events');
    expect(value(await changeComponentStatus(services, people.comms, { id: api.id, status: 'major_outage' })).changed).toBe(false);
    expect(await count('timeline_events')).toBe(events);
    expect(refreshes).toBe(refreshed + 1);
  });

  it('refuses responders and viewers everything in the catalogue', async () => {
    const api = (await listComponents(db)).find((c) => c.name === 'API')!;
    const group = (await listComponentGroups(db))[0]!;
    for (const role of ['responder', 'viewer'] as const) {
      const actor = people[role];
      const attempts: (() => Promise<unknown>)[] = [
        () => createComponent(services, actor, { name: 'Sneaky' }),
        () => updateComponent(services, actor, { id: api.id, name: 'Renamed' }),
        () => deleteComponent(services, actor, { id: api.id, confirm: 'on' }),
        () => moveComponent(services, actor, { id: api.id, direction: 'down' }),
        () => changeComponentStatus(services, actor, { id: api.id, status: 'operational' }),
        () => createComponentGroup(services, actor, { name: 'Sneaky' }),
        () => moveComponentGroup(services, actor, { id: group.id, direction: 'up' }),
        () => deleteComponentGroup(services, actor, { id: group.id, confirm: 'on' }),
        () => createUpdateTemplate(services, actor, { name: 'Sneaky', status: 'investigating', body: 'x' }),
        () => loadComponentCatalog(services, actor),
        () => listAuditLog(services, actor, new URLSearchParams()),
      ];
      for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError);
    }
    // The audit log is for admins only.
    await expect(listAuditLog(services, people.comms, new URLSearchParams())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listComponents(db)).find((c) => c.id === api.id)?.status).toBe('major_outage');
  });

  it('seeds the default templates once, and manages templates', async () => {
    expect(await ensureDefaultTemplates(db, clock)).toBe(DEFAULT_TEMPLATES.length);
    expect(await ensureDefaultTemplates(db, clock)).toBe(0);
    expect((await listUpdateTemplates(db)).map((t) => [t.name, t.status])).toEqual([
      ['Investigating', 'investigating'],
      ['Identified', 'identified'],
      ['Resolved', 'resolved'],
    ]);

    tick();
    const input = { name: 'Monitoring a fix', status: 'monitoring', body: 'A fix for {{components}} is live on {{page.name}}; we are monitoring.' };
    const id = value(await createUpdateTemplate(services, people.comms, input)).templateId;
    expect((await listUpdateTemplates(db)).map((t) => t.name)).toEqual(['Investigating', 'Identified', 'Monitoring a fix', 'Resolved']);

    expect(errors(await createUpdateTemplate(services, people.comms, { ...input, name: 'monitoring A FIX' }))).toEqual({ name: expect.stringMatching(/already a template/) });
    const bad = errors(await createUpdateTemplate(services, people.comms, { name: '', status: 'scheduled', body: 'Hi {{incident.name}}' }));
    expect(bad).toEqual({
      name: 'Give the template a name.',
      status: 'Choose the incident status this template announces.',
      body: expect.stringMatching(/^Unknown placeholder \{\{incident\.name\}\}/),
    });
    expect(errors(await createUpdateTemplate(services, people.comms, { ...input, name: 'XSS', body: '<script>alert(1)</script>' }))).toEqual({
      body: expect.stringMatching(/script/),
    });

    value(await updateUpdateTemplate(services, people.admin, { id, ...input, body: 'We are monitoring {{components}}.' }));
    const updated = (await listUpdateTemplates(db)).find((t) => t.id === id)!;
    expect(updated.body).toBe('We are monitoring {{components}}.');
    expect(errors(await deleteUpdateTemplate(services, people.admin, { id }))).toEqual({ confirm: expect.any(String) });
    value(await deleteUpdateTemplate(services, people.admin, { id, confirm: 'on' }));
    expect(await count('update_templates')).toBe(3);
    expect(errors(await updateUpdateTemplate(services, people.admin, { id, ...input }))).toEqual({ _form: expect.stringMatching(/does not exist/) });

    const kinds = (await listAuditEvents(db, { ...ANY, kind: null })).events.filter((e) => e.kind.startsWith('template.')).map((e) => e.kind);
    expect(kinds).toEqual(['template.deleted', 'template.updated', 'template.created']);
  });

  it('filters the audit log by kind, actor, incident and dates, newest first, a page at a time', async () => {
    const all = (await listAuditEvents(db, { ...ANY, limit: 1000 })).events;
    expect(all.length).toBeGreaterThan(10);
    const times = all.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const byComms = (await listAuditEvents(db, { ...ANY, actorId: people.comms.id, limit: 1000 })).events;
    expect(byComms.length).toBeGreaterThan(0);
    expect(byComms.every((e) => e.actorId === people.comms.id && e.actorName === 'Comms Person')).toBe(true);
    expect(byComms.length).toBe(all.filter((e) => e.actorId === people.comms.id).length);

    const moved = (await listAuditEvents(db, { ...ANY, kind: 'component_group.moved' })).events;
    expect(moved.map((e) => e.details['name'])).toEqual(['Data']);

    // Dates are whole UTC days: the status change happened at START + 6 minutes or so.
    const day = parseAuditFilter(new URLSearchParams('from=2026-11-27&to=2026-11-27&kind=component.status_changed'));
    expect((await listAuditEvents(db, value(day.result))).events).toHaveLength(1);
    const dayBefore = parseAuditFilter(new URLSearchParams('to=2026-11-26'));
    expect((await listAuditEvents(db, value(dayBefore.result))).events).toHaveLength(0);
    const late = new Date(START.getTime() + 5 * MINUTE);
    const afterFive = (await listAuditEvents(db, { ...ANY, from: late, limit: 1000 })).events;
    expect(afterFive.length).toBe(all.filter((e) => e.occurredAt >= late).length);

    expect((await listAuditEvents(db, { ...ANY, incidentId: 'nosuchincident' })).events).toEqual([]);

    // Pages of 3 walk through everything exactly once.
    const seen: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 100; guard += 1) {
      const page = await listAuditEvents(db, { ...ANY, limit: 3, before });
      seen.push(...page.events.map((e) => e.id));
      if (page.nextCursor === null) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual(all.map((e) => e.id));

    // And back: from the last page, "Newer" pages of 3 walk up to the newest.
    const down: string[][] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard += 1) {
      const page = await listAuditEvents(db, { ...ANY, limit: 3, before: cursor });
      expect(page.prevCursor ?? null).toBe(cursor === null ? null : page.events[0]!.id);
      down.push(page.events.map((e) => e.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    const up: string[][] = [down.at(-1)!];
    let after: string | null = down.at(-1)![0]!;
    while (after !== null) {
      const page = await listAuditEvents(db, { ...ANY, limit: 3, after });
      up.unshift(page.events.map((e) => e.id));
      after = page.prevCursor ?? null;
    }
    // The top is the newest page itself (full), and nothing is skipped on the way.
    expect(up[0]).toEqual(down[0]);
    expect(new Set(up.flat())).toEqual(new Set(all.map((e) => e.id)));
    expect(up.slice(1).every((ids) => ids.length === 3)).toBe(true);
    expect(down.length).toBeGreaterThan(2);

    const view = await listAuditLog(services, people.admin, new URLSearchParams(`actor=${people.comms.id}`));
    expect(view.errors).toEqual({});
    expect(view.people.map((p) => p.name)).toContain('Comms Person');
    expect(view.kinds).toContain('component.status_changed');
    expect(view.page.events.length).toBe(byComms.length);
    const invalid = await listAuditLog(services, people.admin, new URLSearchParams('from=soon'));
    expect(invalid.errors).toEqual({ from: 'Enter a date, like 2026-11-27.' });
    expect(invalid.page.events).toEqual([]);
  });
});
