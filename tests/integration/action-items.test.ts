import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { savePageBrand } from '../../db/queries/page.ts';
import { buildActionItemsCsv } from '../../src/action-items/action-items-csv.ts';
import { loadActionItemsList } from '../../src/action-items/action-items-page.ts';
import { createActionItem } from '../../src/action-items/create-action-item.ts';
import { notifyOverdueActionItems } from '../../src/action-items/notify-overdue-action-items.ts';
import { updateActionItemById } from '../../src/action-items/update-action-item.ts';
import { type Actor, ForbiddenError } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { describeTimelineEntry } from '../../src/incidents/hub-text.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import type { Services } from '../../src/services.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const PUBLIC_URL = 'https://status.example.com';
// Berlin is UTC+1 in winter: its 1 December starts at 2026-11-30T23:00Z.
const T0 = new Date('2026-11-28T09:00:00Z');

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf<T>(result: Result<T>): Record<string, string> {
  if (result.ok) throw new Error('Expected errors, got success');
  return result.errors;
}

describe.each(testDatabaseKinds())('action items on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let sink: SmtpSink;
  let services: Services;
  let loop: DeliveryLoop;
  let clock = T0;
  let comms: Actor;
  let responder: Actor;
  let owner: Actor;
  let other: Actor;
  let viewer: Actor;
  let incidentId: string;
  let api: string;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    db = target.handle.db;
    sink = await startSmtpSink();
    const config = loadConfig({
      HERALD_DATA_DIR: target.dataDir,
      HERALD_DEMO: '0',
      PUBLIC_URL,
      SMTP_URL: sink.url,
      MAIL_FROM: 'status@example.com',
      ...(target.url === null ? {} : { DATABASE_URL: target.url }),
    });
    services = { db, config, mailer: createMailer(config), now: () => clock, refreshSnapshot: () => {}, jobs: recordingScheduler() };
    loop = startDeliveryLoop({ services, background: false });
    await savePageBrand(db, { name: 'Acme Cloud', description: '', timeZone: 'Europe/Berlin', companyUrl: null, supportUrl: null, accent: null, footerLinks: [] }, T0);
    comms = await insertTestActor(target, 'comms');
    responder = await insertTestActor(target, 'responder');
    owner = await insertTestActor(target, 'responder');
    other = await insertTestActor(target, 'responder');
    viewer = await insertTestActor(target, 'viewer');
    api = await insertOperationalComponent(target, 'API', T0);
    incidentId = value(
      await declareIncident(services, comms, {
        title: 'Checkout is failing',
        severity: 'SEV1',
        impact: 'critical',
        components: [{ componentId: api, status: 'major_outage' }],
        update: { audience: 'internal', status: 'investigating', body: 'Looking.', action: 'publish', notify: '' },
      }),
    ).incidentId;
  });

  afterAll(async () => {
    await loop?.stop();
    await services?.mailer.close();
    await sink?.close();
    await target?.dispose();
  });

  async function drain(): Promise<void> {
    while ((await loop.runOnce()) > 0) {
      // keep going
    }
  }
  const emailOf = async (actor: Actor): Promise<string> => (await db.selectFrom('users').select('email').where('id', '=', actor.id).executeTakeFirstOrThrow()).email;
  const timeline = async (kindPrefix: string) => (await findIncidentDetail(db, incidentId))!.timeline.filter((e) => e.kind.startsWith(kindPrefix));

  it('refuses bad input with a message per field, and viewers altogether', async () => {
    clock = T0;
    const errors = errorsOf(await createActionItem(services, responder, { incidentId, title: '', ticketUrl: 'javascript:alert(1)' }));
    expect(errors['title']).toBe('Say what needs doing.');
    expect(errors['ticketUrl']).toMatch(/https:\/\//);
    // 27 November is yesterday in Berlin on 28 November.
    const more = errorsOf(await createActionItem(services, responder, { incidentId, title: 'Fix it', dueOn: '2026-11-27', ownerId: 'nobody-here' }));
    expect(more['dueOn']).toBe('The due date is in the past. Choose today (2026-11-28) or later.');
    expect(more['ownerId']).toMatch(/no active account/);
    expect(errorsOf(await createActionItem(services, responder, { incidentId, title: 'x', dueOn: '2026-02-30' }))['dueOn']).toMatch(/real date/);
    await expect(createActionItem(services, viewer, { incidentId, title: 'Fix it' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.selectFrom('action_items').select('id').execute()).toHaveLength(0);
    expect(sink.received).toHaveLength(0);
  });

  it('creates an item, audits it and emails its owner once through the outbox; nobody is emailed for taking their own item', async () => {
    clock = T0;
    const { actionItemId } = value(
      await createActionItem(services, responder, {
        incidentId,
        title: 'Alert on replication lag',
        ownerId: owner.id,
        dueOn: '2026-11-30',
        priority: 'P1',
        ticketUrl: 'https://linear.app/acme/issue/OPS-1',
        componentIds: [api],
      }),
    );
    value(await createActionItem(services, other, { incidentId, title: 'My own follow-up', ownerId: other.id, dueOn: '2026-12-20' }));
    expect(sink.received).toHaveLength(0); // queued, not sent inside the use case
    await drain();
    expect(sink.recipients()).toEqual([await emailOf(owner)]);
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('[Acme Cloud] Action item for you: Alert on replication lag');
    expect(mail.text).toContain(`${responder.name} made you the owner of a P1 action item from the incident "Checkout is failing"`);
    expect(mail.text).toContain('It is due on Nov 30, 2026.');
    expect(mail.text).toContain(`${PUBLIC_URL}/admin/action-items/${actionItemId}`);

    const created = await timeline('action_item.created');
    expect(created).toHaveLength(2);
    expect(created[0]!.actorName).toBe(responder.name);
    expect(describeTimelineEntry(created[0]!).text).toBe(`added the action item “Alert on replication lag” (P1, owner ${owner.name}, due 2026-11-30)`);
  });

  it('edits: won’t do needs a reason, every change is audited, a new owner is emailed once, viewers cannot edit', async () => {
    clock = new Date('2026-11-29T10:00:00Z');
    const item = (await db.selectFrom('action_items').selectAll().where('title', '=', 'My own follow-up').executeTakeFirstOrThrow());
    const base = { title: item.title, ownerId: other.id, dueOn: '2026-12-20', priority: 'P2', status: 'wont_do', ticketUrl: '' };
    expect(errorsOf(await updateActionItemById(services, other, item.id, base))['wontDoReason']).toMatch(/Say why/);
    await expect(updateActionItemById(services, viewer, item.id, { ...base, wontDoReason: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(errorsOf(await updateActionItemById(services, other, item.id, { ...base, status: 'open', dueOn: '2026-11-01' }))['dueOn']).toMatch(/in the past/);
    const closed = value(await updateActionItemById(services, other, item.id, { ...base, wontDoReason: 'Replaced by the new edge platform' }));
    expect(closed.changed).toEqual(['status', 'wontDoReason']);
    const row = await db.selectFrom('action_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('wont_do');
    expect(row.closed_at).toEqual(clock);

    // Reopened and given to the owner: one assigned email, to them.
    const before = sink.received.length;
    value(await updateActionItemById(services, comms, item.id, { ...base, status: 'in_progress', ownerId: owner.id }));
    value(await updateActionItemById(services, comms, item.id, { ...base, status: 'in_progress', ownerId: owner.id, priority: 'P1' }));
    await drain();
    expect(sink.received.slice(before).map((m) => m.subject)).toEqual(['[Acme Cloud] Action item for you: My own follow-up']);
    const reopened = await db.selectFrom('action_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(reopened.closed_at).toBeNull();
    expect(reopened.wont_do_reason).toBeNull();
    const updates = (await timeline('action_item.updated')).map((e) => describeTimelineEntry(e).text);
    expect(updates).toContain('changed the action item “My own follow-up”: status Open → Won’t do; reason none → Replaced by the new edge platform');
    expect(updates).toContain(`changed the action item “My own follow-up”: owner ${other.name} → ${owner.name}; status Won’t do → In progress; reason Replaced by the new edge platform → none`);
  });

  it('emails the owner once when the item becomes overdue, at midnight in the page’s time zone across the month end', async () => {
    const subjects = (): string[] => sink.received.map((m) => m.subject ?? '').filter((s) => s.includes('overdue'));
    // Due 30 November. 23:59 in Berlin on the 30th: not overdue yet.
    clock = new Date('2026-11-30T22:59:00Z');
    expect(await notifyOverdueActionItems(services)).toEqual({ emails: 0 });
    // 00:00 on 1 December in Berlin (still 30 November in UTC): overdue. Two workers at once: one email.
    clock = new Date('2026-11-30T23:00:00Z');
    const runs = await Promise.all([notifyOverdueActionItems(services), notifyOverdueActionItems(services)]);
    expect(runs.reduce((sum, run) => sum + run.emails, 0)).toBe(1);
    await drain();
    expect(subjects()).toEqual(['[Acme Cloud] Action item overdue: Alert on replication lag']);
    const mail = sink.received.find((m) => (m.subject ?? '').includes('overdue'))!;
    expect(mail.to).toBeDefined();
    expect(sink.recipients()).toContain(await emailOf(owner));
    expect(mail.text).toContain('was due on Nov 30, 2026 (1 day ago)');
    expect(mail.text).toContain('This is the only reminder.');

    // Every minute, and the following days: nothing more.
    for (const at of ['2026-11-30T23:01:00Z', '2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z', '2026-12-15T09:00:00Z']) {
      clock = new Date(at);
      expect(await notifyOverdueActionItems(services)).toEqual({ emails: 0 });
    }
    await drain();
    expect(subjects()).toHaveLength(1);
    const reminded = await timeline('action_item.overdue_reminded');
    expect(reminded).toHaveLength(1);
    expect(describeTimelineEntry(reminded[0]!).text).toBe(`reminded ${owner.name} by email that the action item “Alert on replication lag” is overdue (due 2026-11-30)`);
  });

  it('lists items across incidents with filters, overdue ones in words, and exports the same rows as CSV', async () => {
    clock = new Date('2026-12-03T09:00:00Z');
    const all = await loadActionItemsList(services, viewer, new URLSearchParams());
    expect(all.items.map((i) => i.title).sort()).toEqual(['Alert on replication lag', 'My own follow-up']);
    const overdue = await loadActionItemsList(services, viewer, new URLSearchParams('overdue=1'));
    expect(overdue.items.map((i) => [i.title, i.dueText])).toEqual([['Alert on replication lag', 'Overdue by 3 days']]);
    expect((await loadActionItemsList(services, viewer, new URLSearchParams(`component=${api}`))).items.map((i) => i.title)).toEqual(['Alert on replication lag']);
    expect((await loadActionItemsList(services, viewer, new URLSearchParams(`owner=${owner.id}&status=in_progress`))).items.map((i) => i.title)).toEqual(['My own follow-up']);
    expect((await loadActionItemsList(services, viewer, new URLSearchParams('status=done'))).items).toEqual([]);
    const csv = buildActionItemsCsv(overdue.items).split('\r\n');
    expect(csv[0]).toMatch(/^id,title,incident_id,incident_title,owner,priority,status,due_on,overdue,/);
    expect(csv[1]).toContain(',Alert on replication lag,');
    expect(csv[1]).toContain(',Overdue by 3 days,API,https://linear.app/acme/issue/OPS-1,');
    expect(csv.filter((line) => line !== '')).toHaveLength(2);
  });

  it('moving the due date lets the new date be reported once more; done items never are', async () => {
    const item = await db.selectFrom('action_items').selectAll().where('title', '=', 'Alert on replication lag').executeTakeFirstOrThrow();
    clock = new Date('2026-12-03T09:00:00Z');
    const base = { title: item.title, ownerId: owner.id, priority: 'P1', status: 'in_progress', ticketUrl: item.ticket_url ?? '', componentIds: [api] };
    value(await updateActionItemById(services, owner, item.id, { ...base, dueOn: '2026-12-04' }));
    clock = new Date('2026-12-04T22:59:00Z');
    expect(await notifyOverdueActionItems(services)).toEqual({ emails: 0 });
    clock = new Date('2026-12-04T23:00:00Z');
    expect(await notifyOverdueActionItems(services)).toEqual({ emails: 1 });
    expect(await notifyOverdueActionItems(services)).toEqual({ emails: 0 });
    value(await updateActionItemById(services, owner, item.id, { ...base, status: 'done', dueOn: '2026-12-06' }));
    clock = new Date('2026-12-10T09:00:00Z');
    expect(await notifyOverdueActionItems(services)).toEqual({ emails: 0 });
  });

  it('drops an assigned email still waiting in the outbox when the item was given to someone else meanwhile', async () => {
    clock = new Date('2026-12-10T09:00:00Z');
    const before = sink.received.length;
    const { actionItemId } = value(await createActionItem(services, comms, { incidentId, title: 'Rotate the replication credentials', ownerId: owner.id, dueOn: '2026-12-20' }));
    value(await updateActionItemById(services, comms, actionItemId, { title: 'Rotate the replication credentials', ownerId: other.id, dueOn: '2026-12-20', priority: 'P2', status: 'open' }));
    await drain();
    const sent = sink.received.slice(before);
    expect(sent.map((m) => m.subject)).toEqual(['[Acme Cloud] Action item for you: Rotate the replication credentials']);
    expect(sent[0]!.text).toContain(`Hello ${other.name},`);
    expect(sink.recipients().filter((address) => address === '')).toEqual([]);
    const rows = await db.selectFrom('deliveries').select(['status', 'recipient', 'message_id', 'last_error']).where('kind', '=', 'action-item-assigned').execute();
    const forItem = rows.filter((row) => row.message_id.includes(`-${actionItemId}-`)).map((row) => [row.recipient, row.status]);
    expect(rows.find((row) => row.status === 'skipped')?.last_error).toBe('The action item has another owner now.');
    expect(forItem.sort()).toEqual([[await emailOf(other), 'sent'], [await emailOf(owner), 'skipped']].sort());
  });
});
