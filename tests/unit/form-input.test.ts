import { describe, expect, it } from 'vitest';
import { cadenceStatus } from '../../src/incidents/cadence.ts';
import {
  applyTemplate,
  componentChangesFromForm,
  componentErrorKeys,
  composerIntent,
  composerValuesFromForm,
  declareErrorsForForm,
  declareInputFromForm,
  formatZoneAndUtc,
  isoToLocalInput,
  localDateTimeToIso,
  safeTimeZone,
  saveUpdateInputFromForm,
} from '../../src/incidents/form-input.ts';
import { describeCadence, describeTimelineEntry } from '../../src/incidents/hub-text.ts';
import { declareIncidentSchema, saveUpdateSchema } from '../../src/incidents/schemas.ts';

describe('component selects', () => {
  it('keeps the components that were set, in form order, and drops "not affected"', () => {
    const form = { title: 'x', 'component.api': 'major_outage', 'component.cdn': '', 'component.db': 'degraded_performance' };
    expect(componentChangesFromForm(form)).toEqual([
      { componentId: 'api', status: 'major_outage' },
      { componentId: 'db', status: 'degraded_performance' },
    ]);
  });

  it('puts "components.N.status" errors next to that component\'s select', () => {
    const changes = [{ componentId: 'api' }, { componentId: 'db' }];
    expect(componentErrorKeys(changes, { 'components.1.status': 'Pick', body: 'Write' })).toEqual({ 'component.db': 'Pick', body: 'Write' });
  });
});

describe('datetime-local in a time zone', () => {
  it('reads the wall-clock time in the given zone, DST included', () => {
    expect(localDateTimeToIso('2026-11-27T14:30', 'Europe/Paris')).toBe('2026-11-27T13:30:00.000Z'); // CET, UTC+1
    expect(localDateTimeToIso('2026-07-01T14:30', 'Europe/Paris')).toBe('2026-07-01T12:30:00.000Z'); // CEST, UTC+2
    expect(localDateTimeToIso('2026-11-27T09:00', 'America/New_York')).toBe('2026-11-27T14:00:00.000Z');
    expect(localDateTimeToIso('2026-11-27T09:00:05', 'UTC')).toBe('2026-11-27T09:00:05.000Z');
    expect(localDateTimeToIso('2026-11-27T09:00', 'Asia/Kolkata')).toBe('2026-11-27T03:30:00.000Z');
  });

  it('moves a time skipped by a DST jump forward, as clocks do', () => {
    // 02:30 does not exist in Paris on 2026-03-29: clocks jump from 02:00 to 03:00.
    expect(localDateTimeToIso('2026-03-29T02:30', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('answers "" for nothing and "invalid" for what is not a date, so the schema says which', () => {
    expect(localDateTimeToIso('', 'UTC')).toBe('');
    expect(localDateTimeToIso('tomorrow', 'UTC')).toBe('invalid');
    expect(localDateTimeToIso('2026-02-30T10:00', 'UTC')).toBe('invalid');
    expect(localDateTimeToIso('2026-11-27T25:00', 'UTC')).toBe('invalid');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone('')).toBe('UTC');
    expect(safeTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(localDateTimeToIso('2026-11-27T14:30', 'Mars/Olympus')).toBe('2026-11-27T14:30:00.000Z');
  });

  it('round-trips through the field and shows the zone and UTC', () => {
    const at = new Date('2026-11-27T13:30:00Z');
    expect(isoToLocalInput(at, 'Europe/Paris')).toBe('2026-11-27T14:30');
    expect(localDateTimeToIso(isoToLocalInput(at, 'Europe/Paris'), 'Europe/Paris')).toBe(at.toISOString());
    expect(formatZoneAndUtc(at, 'Europe/Paris')).toBe('Nov 27, 2026, 14:30 (Europe/Paris) · 13:30 UTC');
    expect(formatZoneAndUtc(new Date('2026-11-27T23:30:00Z'), 'Europe/Paris')).toBe('Nov 28, 2026, 00:30 (Europe/Paris) · Nov 27, 2026, 23:30 UTC');
    expect(formatZoneAndUtc(at, 'UTC')).toBe('Nov 27, 2026, 13:30 UTC');
  });
});

describe('the declare form', () => {
  const form = {
    title: 'Checkout down',
    severity: 'SEV1',
    impact: '',
    'component.api': 'major_outage',
    commanderId: '',
    commsLeadId: 'u1',
    expertIds: ['u2', 'u3'],
    audience: 'external',
    status: 'investigating',
    body: 'We are investigating.',
    notify: 'on',
    submit: 'publish',
  };

  it('becomes input the schema accepts, with the impact taken from the severity', () => {
    const input = declareInputFromForm(form);
    expect(input.impact).toBe('critical');
    expect(input.update).toEqual({ audience: 'external', status: 'investigating', body: 'We are investigating.', action: 'publish', notify: 'on' });
    const parsed = declareIncidentSchema.parse(input);
    expect(parsed.components).toEqual([{ componentId: 'api', status: 'major_outage' }]);
    expect(parsed.update.notify).toBe(true);
    expect(parsed.expertIds).toEqual(['u2', 'u3']);
    expect(parsed.commanderId).toBeUndefined();
  });

  it('"Declare internally" publishes an internal first update whatever the radio says', () => {
    const input = declareInputFromForm({ ...form, submit: 'internal' });
    expect(input.update.audience).toBe('internal');
    expect(input.update.action).toBe('publish');
    expect(declareInputFromForm({ ...form, submit: 'draft' }).update.action).toBe('draft');
  });

  it('maps the schema\'s error paths to the form\'s fields', () => {
    const input = declareInputFromForm({ ...form, title: '', body: '<script>alert(1)</script>' });
    const result = declareIncidentSchema.safeParse(input);
    expect(result.success).toBe(false);
    const errors = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    const mapped = declareErrorsForForm(input, errors);
    expect(mapped['title']).toBe('Give the incident a title');
    expect(mapped['body']).toContain('<script>');
    expect(declareErrorsForForm(input, { 'components.0.status': 'Pick' })).toEqual({ 'component.api': 'Pick' });
  });
});

describe('the composer', () => {
  const form = {
    form: 'composer',
    audience: 'external',
    status: 'identified',
    body: 'Found it.',
    'component.api': 'partial_outage',
    notify: 'on',
    scheduledFor: '2026-11-27T14:30',
    tz: 'Europe/Paris',
    submit: 'schedule',
  };

  it('sends the schedule time, read in the person\'s zone, only with "Schedule"', () => {
    const input = saveUpdateInputFromForm(form, { incidentId: 'i1' });
    expect(input).toMatchObject({ incidentId: 'i1', action: 'schedule', scheduledFor: '2026-11-27T13:30:00.000Z', components: [{ componentId: 'api', status: 'partial_outage' }] });
    expect(saveUpdateSchema.parse(input).scheduledFor).toEqual(new Date('2026-11-27T13:30:00.000Z'));
    expect(saveUpdateInputFromForm({ ...form, submit: 'draft' }, { incidentId: 'i1' }).scheduledFor).toBe('');
    expect(saveUpdateInputFromForm({ ...form, submit: 'publish' }, { incidentId: 'i1', updateId: 'u9' })).toMatchObject({ action: 'publish', updateId: 'u9' });
  });

  it('an internal update carries no component changes', () => {
    expect(saveUpdateInputFromForm({ ...form, audience: 'internal' }, { incidentId: 'i1' }).components).toEqual([]);
  });

  it('the responder\'s buttons make the update internal', () => {
    const input = saveUpdateInputFromForm({ ...form, submit: 'publish-internal' }, { incidentId: 'i1' });
    expect(input).toMatchObject({ audience: 'internal', action: 'publish', components: [] });
    expect(saveUpdateInputFromForm({ ...form, submit: 'schedule-internal' }, { incidentId: 'i1' })).toMatchObject({ audience: 'internal', action: 'schedule' });
  });

  it('preview and template save nothing; an unknown button is a preview', () => {
    expect(composerIntent({ submit: 'preview' })).toBe('preview');
    expect(composerIntent({ submit: 'template' })).toBe('template');
    expect(composerIntent({ submit: 'delete-everything' })).toBe('preview');
    expect(composerIntent({})).toBe('preview');
  });

  it('keeps what was typed to show it again', () => {
    expect(composerValuesFromForm(form)).toEqual({
      audience: 'external',
      status: 'identified',
      body: 'Found it.',
      notify: true,
      components: { api: 'partial_outage' },
      scheduledFor: '2026-11-27T14:30',
      tz: 'Europe/Paris',
      templateId: '',
    });
    expect(composerValuesFromForm({ ...form, notify: [] as unknown as string, tz: 'nowhere' })).toMatchObject({ notify: false, tz: 'UTC' });
  });
});

describe('the words of the hub', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const targets = { SEV1: 30, SEV2: 60, SEV3: null };

  it('says how late the next public update is, against the severity\'s target', () => {
    const incident = { severity: 'SEV1' as const, isPublic: true, lastExternalUpdateAt: new Date('2026-11-27T11:18:00Z'), startedAt: new Date('2026-11-27T11:00:00Z') };
    const cadence = cadenceStatus(incident, targets, now);
    expect(describeCadence(incident, cadence, now)).toBe('Last public update 42 min ago — overdue by 12 min (target every 30 min)');
    const recent = { ...incident, lastExternalUpdateAt: new Date('2026-11-27T11:50:00Z') };
    expect(describeCadence(recent, cadenceStatus(recent, targets, now), now)).toBe('Last public update 10 min ago — next due in 20 min (target every 30 min)');
    const minor = { ...incident, severity: 'SEV3' as const };
    expect(describeCadence(minor, cadenceStatus(minor, targets, now), now)).toBe('Last public update 42 min ago (no update target for SEV3)');
    const internal = { ...incident, isPublic: false, lastExternalUpdateAt: null };
    expect(describeCadence(internal, cadenceStatus(internal, targets, now), now)).toBe('Internal only: no public update yet (declared 1 h ago)');
  });

  it('tells every timeline event in a sentence, unknown kinds included', () => {
    const names = (id: string): string | null => ({ api: 'API' })[id] ?? null;
    const say = (kind: string, details: Record<string, unknown>) => describeTimelineEntry({ kind, details }, { componentName: names, zoneTime: (d) => d.toISOString() });
    expect(say('incident.declared', { severity: 'SEV1', impact: 'critical', status: 'investigating', components: [{ componentId: 'api', name: 'API', status: 'major_outage' }] })).toEqual({
      text: 'declared the incident as SEV1, critical impact (Investigating)',
      lines: ['API: Major outage'],
      note: null,
    });
    expect(say('incident.severity_changed', { from: 'SEV2', to: 'SEV1' }).text).toBe('changed the severity from SEV2 to SEV1');
    expect(say('incident.role_assigned', { role: 'commander', action: 'assigned', userName: 'Dana' }).text).toBe('made Dana incident commander');
    expect(say('incident.role_assigned', { role: 'comms_lead', action: 'unassigned', userName: 'Dana' }).text).toBe('removed Dana as communications lead');
    expect(say('incident.status_changed', { from: 'investigating', to: 'identified' }).text).toBe('moved the incident from Investigating to Identified');
    expect(say('incident.resolved', { durationMinutes: 65 }).text).toBe('resolved the incident after 1 h 5 min');
    expect(say('update.published', { audience: 'external', status: 'identified', notify: true, componentChanges: [{ componentId: 'api', oldStatus: 'operational', newStatus: 'major_outage' }] })).toEqual({
      text: 'published an external update (Identified), subscribers notified',
      lines: ['API: Operational → Major outage'],
      note: null,
    });
    expect(say('update.scheduled', { audience: 'internal', status: 'monitoring', scheduledFor: '2026-11-27T13:30:00.000Z' }).text).toBe(
      'scheduled an internal update (Monitoring) for 2026-11-27T13:30:00.000Z',
    );
    expect(say('update.cancelled', { audience: 'external', previousState: 'scheduled' }).text).toBe('cancelled an external scheduled update');
    expect(say('note.added', { body: 'rolled back deploy 1432' })).toEqual({ text: 'added a note', lines: [], note: 'rolled back deploy 1432' });
    expect(say('user.signed_in', {}).text).toBe('signed in');
    expect(say('pager.escalated', { policyName: 'Primary', level: 2 })).toEqual({ text: 'pager: escalated', lines: ['policy name: Primary', 'level: 2'], note: null });
  });
});

describe('applyTemplate', () => {
  const context = { currentStatus: 'identified', incidentTitle: 'Slow API', componentNames: ['API', 'Webhooks'], pageName: 'Acme' };

  it('fills the placeholders and takes the template status', () => {
    expect(applyTemplate({ body: '{{incident.title}}: {{components}} ({{status}})', status: 'monitoring' }, context)).toEqual({
      status: 'monitoring',
      body: 'Slow API: API and Webhooks (Monitoring)',
    });
  });

  it('never resolves from a template: the status chosen stays', () => {
    expect(applyTemplate({ body: 'Fixed.', status: 'resolved' }, context).status).toBe('identified');
  });
});
