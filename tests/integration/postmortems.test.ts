import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { buildIncidents, buildSummary } from '../../src/api/statuspage.ts';
import { type Actor, ForbiddenError } from '../../src/auth/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import type { Result } from '../../src/domain/result.ts';
import type { Role } from '../../src/domain/types.ts';
import { buildAtom } from '../../src/feeds/atom.ts';
import { buildRss } from '../../src/feeds/rss.ts';
import { addNote } from '../../src/incidents/add-note.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { declareIncident } from '../../src/incidents/declare-incident.ts';
import { resolveIncident } from '../../src/incidents/resolve-incident.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { type DeliveryLoop, startDeliveryLoop } from '../../src/notifications/delivery-loop.ts';
import { addRootCauseTag, removeRootCauseTag } from '../../src/postmortems/change-root-cause-tags.ts';
import { listPostmortemsDue } from '../../src/postmortems/postmortems-due.ts';
import { publishPostmortem } from '../../src/postmortems/publish-postmortem.ts';
import { publishPostmortemPublicly } from '../../src/postmortems/publish-postmortem-publicly.ts';
import { revertPostmortem } from '../../src/postmortems/revert-postmortem.ts';
import { savePostmortem } from '../../src/postmortems/save-postmortem.ts';
import { savePostmortemSettings } from '../../src/postmortems/save-postmortem-settings.ts';
import { startPostmortem } from '../../src/postmortems/start-postmortem.ts';
import { submitPostmortem } from '../../src/postmortems/submit-postmortem.ts';
import { findPostmortem } from '../../db/queries/postmortems.ts';
import type { Services } from '../../src/services.ts';
import { loadSnapshot } from '../../src/status/load-snapshot.ts';
import { insertOperationalComponent, insertTestActor, recordingScheduler } from '../support/job-queue.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

const PUBLIC_URL = 'https://status.example.com';
const MINUTE = 60_000;
// A Friday, in the past (mail is due by the database's clock): a postmortem resolved
// then is due the next Friday, end of day (UTC).
const START = new Date('2025-12-05T09:00:00.000Z');
const SECRET = 'INTERNAL-ONLY: the on-call engineer ran the wrong migration script';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errors<T>(result: Result<T>): Record<string, string> {
  if (result.ok) throw new Error('Expected a failure');
  return result.errors;
}

describe.each(testDatabaseKinds())('postmortems on %s', (kind) => {
  let target: TestDatabase;
  let db: Db;
  let sink: SmtpSink;
  let services: Services;
  let loop: DeliveryLoop;
  let clock: Date;
  let refreshes = 0;
  const people = {} as Record<Role, Actor>;

  const tick = (minutes = 1): Date => {
    clock = new Date(clock.getTime() + minutes * MINUTE);
    return clock;
  };

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
    clock = START;
    services = {
      db,
      config,
      mailer: createMailer(config),
      now: () => clock,
      refreshSnapshot: () => {
        refreshes += 1;
      },
      jobs: recordingScheduler(),
    };
    loop = startDeliveryLoop({ services, background: false, log: () => {} });
    await upsertPageSettings(db, { name: 'Acme Cloud', description: '' }, clock);
    for (const role of ['admin', 'comms', 'responder', 'viewer'] as const) people[role] = await insertTestActor(target, role);
  });

  afterAll(async () => {
    await loop?.stop();
    await services?.mailer.close();
    await sink?.close();
    await target?.dispose();
  });

  beforeEach(() => {
    sink.received.length = 0;
  });

  async function addSubscriber(email: string): Promise<string> {
    const id = newId();
    await db
      .insertInto('subscribers')
      .values({ id, email, status: 'confirmed', token_hash: new Uint8Array(32), all_components: true, confirmed_at: clock, unsubscribed_at: null })
      .execute();
    return id;
  }

  async function drain(): Promise<void> {
    while ((await loop.runOnce()) > 0) {
      // keep going
    }
  }

  /** A public SEV1 incident, resolved an hour later (a note and a monitoring update on the way). */
  async function resolvedIncident(title: string, severity: 'SEV1' | 'SEV2' | 'SEV3' = 'SEV1'): Promise<string> {
    // A component of its own: the clock may move back between tests, a component's history may not.
    const component = await insertOperationalComponent(target, 'API', new Date(clock.getTime() - MINUTE));
    const { incidentId } = value(
      await declareIncident(services, people.comms, {
        title,
        severity,
        impact: 'major',
        components: [{ componentId: component, status: 'major_outage' }],
        update: { audience: 'external', status: 'investigating', body: 'We are looking into failing API requests.', action: 'publish', notify: 'on' },
      }),
    );
    tick(20);
    value(await addNote(services, people.responder, { incidentId, body: 'Rolled back deploy 1432' }));
    tick(40);
    value(await resolveIncident(services, people.comms, { incidentId, body: 'API requests succeed again.', notify: 'on', components: [] }));
    return incidentId;
  }

  const sections = (over: Record<string, string> = {}) => ({
    summary: 'A bad configuration push made API requests fail for an hour.',
    customer_impact: 'API requests failed.',
    timeline: '- 09:00 Impact started',
    root_cause: 'A configuration push without a canary.',
    went_well: '- Quick rollback',
    went_poorly: `- ${SECRET}`,
    lessons: '- Canary every configuration push.',
    ...over,
  });

  const timelineKinds = async (incidentId: string): Promise<string[]> =>
    (await db.selectFrom('timeline_events').select('kind').where('incident_id', '=', incidentId).where('kind', 'like', 'postmortem.%').orderBy('id').execute()).map((e) => e.kind);

  it('runs draft → in review → published internally, with each role allowed only its part', async () => {
    const incidentId = await resolvedIncident('API errors in eu-west');
    await expect(startPostmortem(services, people.viewer, { incidentId })).rejects.toBeInstanceOf(ForbiddenError);

    tick();
    expect(value(await startPostmortem(services, people.responder, { incidentId }))).toEqual({ incidentId, created: true });
    expect(value(await startPostmortem(services, people.comms, { incidentId }))).toEqual({ incidentId, created: false });
    const started = (await findPostmortem(db, incidentId))!;
    expect(started.state).toBe('draft');
    // Pre-filled: an hour of impact, the component at its worst, the timeline from the milestones, updates and the note.
    expect(started.sections.customer_impact).toContain('**Duration:** 1 h');
    expect(started.sections.customer_impact).toMatch(/API: at worst major outage/);
    expect(started.sections.timeline).toContain('Note (responder');
    expect(started.sections.timeline).toContain('Rolled back deploy 1432');
    expect(started.sections.timeline).toContain('**Resolved**');
    expect(started.dueAt?.toISOString()).toBe('2025-12-12T23:59:59.000Z');

    tick();
    value(await savePostmortem(services, people.responder, { incidentId, ...sections(), rootCauseTags: ['configuration'], dueOn: '2025-12-12' }));
    await expect(publishPostmortem(services, people.responder, { incidentId })).rejects.toBeInstanceOf(ForbiddenError);
    expect(value(await submitPostmortem(services, people.responder, { incidentId })).changed).toBe(true);
    await expect(publishPostmortem(services, people.viewer, { incidentId })).rejects.toBeInstanceOf(ForbiddenError);

    tick();
    const first = value(await publishPostmortem(services, people.comms, { incidentId }));
    expect(first.changed).toBe(true);
    const again = value(await publishPostmortem(services, people.comms, { incidentId }));
    expect(again).toEqual(expect.objectContaining({ changed: false, message: expect.stringMatching(/already published on Dec 5, 2025/) }));

    // Published: responders no longer edit it; comms do.
    await expect(savePostmortem(services, people.responder, { incidentId, ...sections({ summary: 'changed' }), rootCauseTags: [] })).rejects.toBeInstanceOf(ForbiddenError);
    value(await savePostmortem(services, people.comms, { incidentId, ...sections(), rootCauseTags: ['configuration', 'deploy'] }));

    const saved = (await findPostmortem(db, incidentId))!;
    expect(saved.state).toBe('published_internal');
    expect(saved.rootCauseTags).toEqual(['configuration', 'deploy']);
    expect(saved.publicBody).toBeNull();
    expect(await timelineKinds(incidentId)).toEqual(['postmortem.started', 'postmortem.edited', 'postmortem.submitted', 'postmortem.published', 'postmortem.edited']);
    // Internal publication changes nothing public.
    expect((await loadSnapshot(db, { now: clock, publicUrl: PUBLIC_URL })).incidents.find((i) => i.id === incidentId)?.postmortem).toBeNull();
  });

  it('refuses bad input with a message next to the field and keeps the saved text', async () => {
    const incidentId = await resolvedIncident('Login failures');
    value(await startPostmortem(services, people.responder, { incidentId }));
    value(await savePostmortem(services, people.responder, { incidentId, ...sections(), rootCauseTags: [] }));

    expect(errors(await savePostmortem(services, people.responder, { incidentId, ...sections({ root_cause: 'x'.repeat(20_001) }), rootCauseTags: [] }))).toEqual({
      root_cause: 'Keep this section under 20,000 characters (it has 20,001); link to longer documents instead',
    });
    expect(errors(await savePostmortem(services, people.responder, { incidentId, ...sections(), rootCauseTags: ['cosmic rays'] }))).toEqual({
      rootCauseTags: '“cosmic rays” is not a root-cause tag: choose from the list (admins edit it in Postmortem settings)',
    });
    expect(errors(await savePostmortem(services, people.responder, { incidentId, ...sections({ summary: 'hi <script>alert(1)</script>' }), rootCauseTags: [] }))).toEqual({
      summary: expect.stringMatching(/Remove the <script> tag/),
    });
    expect(errors(await savePostmortem(services, people.responder, { incidentId, ...sections(), rootCauseTags: [], dueOn: '2026-02-30' }))).toEqual({ dueOn: 'Enter a real date (YYYY-MM-DD)' });
    expect(errors(await publishPostmortemPublicly(services, people.comms, { incidentId, publicSections: [], notify: '' }))).toEqual({
      publicSections: 'Tick at least one section to publish publicly',
    });
    const kept = (await findPostmortem(db, incidentId))!;
    expect(kept.state).toBe('draft');
    expect(kept.sections.root_cause).toBe(sections().root_cause);

    // The tag list is admins' to edit; a new tag can be used at once.
    await expect(addRootCauseTag(services, people.comms, { name: 'cosmic rays' })).rejects.toBeInstanceOf(ForbiddenError);
    value(await addRootCauseTag(services, people.admin, { name: 'Cosmic rays' }));
    expect(errors(await addRootCauseTag(services, people.admin, { name: 'cosmic rays' }))).toEqual({ name: '“cosmic rays” is already in the list' });
    value(await savePostmortem(services, people.responder, { incidentId, ...sections(), rootCauseTags: ['cosmic rays'] }));
    value(await removeRootCauseTag(services, people.admin, { name: 'cosmic rays' }));
    // Removed from the list, kept by the postmortem that had it.
    value(await savePostmortem(services, people.responder, { incidentId, ...sections({ summary: 'Edited' }), rootCauseTags: ['cosmic rays'] }));
  });

  it('publishes only the ticked sections: never the others on the snapshot, feeds, API v2 or email, threaded with the updates', async () => {
    await db.deleteFrom('subscribers').execute();
    await addSubscriber('reader@example.com');
    const incidentId = await resolvedIncident('Checkout outage');
    await drain();
    const updateMail = sink.received.find((m) => m.subject?.includes('Checkout outage'));
    expect(updateMail).toBeDefined();
    sink.received.length = 0;

    value(await startPostmortem(services, people.responder, { incidentId }));
    value(await savePostmortem(services, people.responder, { incidentId, ...sections(), rootCauseTags: [] }));
    // A Slack channel that wants postmortems, and a generic endpoint that does not.
    for (const [kind, events] of [['slack', ['postmortem.published']], ['generic', ['incident.updated']]] as const) {
      await db
        .insertInto('webhook_endpoints')
        .values({ id: newId(), kind, name: kind, url: `https://hooks.example.com/${kind}`, audience: 'all', events: JSON.stringify(events), secret: 'whsec_test', previous_secret: null, previous_secret_expires_at: null, owner_email: 'ops@example.com', created_by: people.admin.id, disabled_at: null, disabled_reason: null, failing_since: null })
        .execute();
    }
    tick();
    const before = refreshes;
    const published = value(await publishPostmortemPublicly(services, people.comms, { incidentId, publicSections: ['summary', 'lessons'], notify: 'on' }));
    expect(published).toEqual(expect.objectContaining({ changed: true, recipients: 1 }));
    expect(refreshes).toBe(before + 1);

    const snapshot = await loadSnapshot(db, { now: clock, publicUrl: PUBLIC_URL });
    const incident = snapshot.incidents.find((i) => i.id === incidentId)!;
    expect(incident.postmortem?.body).toContain('A bad configuration push');
    expect(incident.postmortem?.html).toContain('<h3>Lessons</h3>');
    const rss = buildRss(snapshot);
    const atom = buildAtom(snapshot);
    expect(rss).toContain('Postmortem: Checkout outage');
    expect(atom).toContain('Postmortem: Checkout outage');
    const api = JSON.stringify([buildIncidents(snapshot), buildSummary(snapshot)]);
    // One webhook, to the endpoint that wants the event, with the public part only.
    const hooks = await db.selectFrom('deliveries').select(['payload', 'webhook_endpoint_id']).where('kind', '=', 'webhook').execute();
    expect(hooks).toHaveLength(1);
    const hook = JSON.stringify(hooks[0]?.payload);
    expect(hooks[0]?.payload).toMatchObject({ type: 'postmortem.published', audience: 'external', postmortem: { body: expect.stringContaining('A bad configuration push') } });
    for (const [surface, text] of [['snapshot', JSON.stringify(snapshot)], ['rss', rss], ['atom', atom], ['api v2', api], ['webhook', hook]] as const) {
      expect(text.includes('INTERNAL-ONLY'), surface).toBe(false);
      expect(text.includes('A configuration push without a canary'), surface).toBe(false);
    }

    // Editing an internal section later changes nothing public: the public part is frozen.
    value(await savePostmortem(services, people.comms, { incidentId, ...sections({ summary: 'Rewritten later' }), rootCauseTags: [] }));
    expect((await loadSnapshot(db, { now: clock, publicUrl: PUBLIC_URL })).incidents.find((i) => i.id === incidentId)?.postmortem?.body).toContain('A bad configuration push');

    await drain();
    expect(sink.recipients()).toEqual(['reader@example.com']);
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('[Acme Cloud] Postmortem: Checkout outage');
    expect(mail.text).toContain('A bad configuration push');
    expect(mail.text).not.toContain('INTERNAL-ONLY');
    expect(mail.html).not.toContain('INTERNAL-ONLY');
    const thread = (m: typeof mail, name: string) => m.headerLines.find((line) => line.key === name)?.line.split(':').slice(1).join(':').trim();
    expect(thread(mail, 'in-reply-to')).toBe(thread(updateMail!, 'in-reply-to'));
    expect(thread(mail, 'references')).toBe(thread(updateMail!, 'references'));
    expect(thread(mail, 'in-reply-to')).toMatch(new RegExp(`^<incident-${incidentId}@`));

    // Publishing twice is a no-op: nothing queued, nothing rebuilt.
    const twice = value(await publishPostmortemPublicly(services, people.comms, { incidentId, publicSections: ['summary'], notify: 'on' }));
    expect(twice).toEqual(expect.objectContaining({ changed: false, message: expect.stringMatching(/already published publicly/) }));
    expect(await db.selectFrom('deliveries').select('id').where('kind', '=', 'postmortem').execute()).toHaveLength(1);

    // Reverting takes it off every public surface.
    value(await revertPostmortem(services, people.comms, { incidentId }));
    const reverted = await loadSnapshot(db, { now: clock, publicUrl: PUBLIC_URL });
    expect(reverted.incidents.find((i) => i.id === incidentId)?.postmortem).toBeNull();
    expect(buildRss(reverted)).not.toContain('Postmortem: Checkout outage');
    expect(await timelineKinds(incidentId)).toEqual(['postmortem.started', 'postmortem.edited', 'postmortem.published_publicly', 'postmortem.edited', 'postmortem.reverted']);
  });

  it('lists missing and overdue postmortems on the dashboard by the injected clock and the settings', async () => {
    await db.deleteFrom('postmortems').execute();
    await db.updateTable('incidents').set({ state: 'dismissed' }).execute(); // only this test's incidents count
    clock = new Date('2025-12-19T09:00:00.000Z'); // a Friday: due Friday 26 December (no holidays known)
    const sev1 = await resolvedIncident('Database failover', 'SEV1');
    const sev3 = await resolvedIncident('Slow search', 'SEV3');
    const list = async () => (await listPostmortemsDue(services, people.viewer)).map((row) => ({ id: row.incidentId, state: row.state, overdue: row.overdue, due: row.dueAt.toISOString() }));

    expect(await list()).toEqual([{ id: sev1, state: null, overdue: false, due: '2025-12-26T23:59:59.000Z' }]);
    clock = new Date('2025-12-27T00:00:00.000Z');
    expect(await list()).toEqual([{ id: sev1, state: null, overdue: true, due: '2025-12-26T23:59:59.000Z' }]);

    // SEV3 required too, and 10 business days, across the year end: both listed, due Friday 2 January.
    value(await savePostmortemSettings(services, people.admin, { dueBusinessDays: '10', requiredSeverities: ['SEV1', 'SEV3'] }));
    expect(await list()).toEqual([
      { id: sev1, state: null, overdue: false, due: '2026-01-02T23:59:59.000Z' },
      { id: sev3, state: null, overdue: false, due: '2026-01-02T23:59:59.000Z' },
    ]);
    expect(errors(await savePostmortemSettings(services, people.admin, { dueBusinessDays: '0', requiredSeverities: [] }))).toEqual({ dueBusinessDays: 'Enter at least 1 business day' });
    await expect(savePostmortemSettings(services, people.comms, { dueBusinessDays: '3', requiredSeverities: [] })).rejects.toBeInstanceOf(ForbiddenError);

    // Published: off the list.
    value(await startPostmortem(services, people.responder, { incidentId: sev1 }));
    value(await publishPostmortem(services, people.comms, { incidentId: sev1 }));
    expect((await list()).map((row) => row.id)).toEqual([sev3]);
  });
});

describe.each(testDatabaseKinds())('demo postmortems on %s', (kind) => {
  let target: TestDatabase;
  const NOW = new Date('2026-11-27T12:00:00.000Z');

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    await seedDemo(target.handle.db, { now: NOW });
  });

  afterAll(async () => {
    await target?.dispose();
  });

  it('has three postmortems published publicly and one in review, and only their public part on the page', async () => {
    const db = target.handle.db;
    const rows = await db.selectFrom('postmortems').select(['incident_id', 'state', 'went_poorly', 'root_cause_tags']).execute();
    expect(rows.map((r) => r.state).sort()).toEqual(['in_review', 'published_public', 'published_public', 'published_public']);
    const snapshot = await loadSnapshot(db, { now: NOW, publicUrl: PUBLIC_URL });
    const withPostmortem = snapshot.incidents.filter((i) => i.postmortem);
    expect(withPostmortem).toHaveLength(3);
    for (const incident of withPostmortem) expect(incident.postmortem?.html).toContain('<h3>Summary</h3>');
    const published = JSON.stringify(snapshot) + buildRss(snapshot);
    for (const row of rows) expect(published.includes(row.went_poorly.slice(2, 40))).toBe(false);
    expect(buildRss(snapshot).match(/Postmortem: /g)).toHaveLength(3);
  });
});
