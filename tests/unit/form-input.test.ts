import { describe, expect, it } from 'vitest';
import { cadenceStatus } from '../../src/incidents/cadence.ts';
import { componentChangesFromForm, componentErrorKeys } from '../../src/http/form-fields.ts';
import { composerIntent, composerValuesFromForm, saveUpdateInputFromForm, type SaveUpdateFormInput } from '../../src/incidents/composer-form.ts';
import { declareErrorsForForm, declareInputFromForm } from '../../src/incidents/declare-form.ts';
import { applyTemplate, templateComponentNames } from '../../src/incidents/use-template.ts';
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

  // The form helper's answer when it has no field errors.
  const input = (f: Record<string, string>, ids: { incidentId: string; updateId?: string }): SaveUpdateFormInput => {
    const result = saveUpdateInputFromForm(f, ids);
    if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
    return result.value;
  };

  it('sends the schedule time, read in the person\'s zone, only with "Schedule"', () => {
    const scheduled = input(form, { incidentId: 'i1' });
    expect(scheduled).toMatchObject({ incidentId: 'i1', action: 'schedule', scheduledFor: '2026-11-27T13:30:00.000Z', components: [{ componentId: 'api', status: 'partial_outage' }] });
    expect(saveUpdateSchema.parse(scheduled).scheduledFor).toEqual(new Date('2026-11-27T13:30:00.000Z'));
    expect(input({ ...form, submit: 'draft' }, { incidentId: 'i1' }).scheduledFor).toBe('');
    expect(input({ ...form, submit: 'publish' }, { incidentId: 'i1', updateId: 'u9' })).toMatchObject({ action: 'publish', updateId: 'u9' });
  });

  it('schedules a time in a spring-forward gap at the moment the clocks show it, and an ambiguous one at its first occurrence', () => {
    // 02:30 on 14 March 2027 does not exist in New York: the update goes out at 03:30 EDT.
    const gap = input({ ...form, scheduledFor: '2027-03-14T02:30', tz: 'America/New_York' }, { incidentId: 'i1' });
    expect(saveUpdateSchema.parse(gap).scheduledFor).toEqual(new Date('2027-03-14T07:30:00Z'));
    expect(input({ ...form, scheduledFor: '2027-03-28T02:30', tz: 'Europe/Berlin' }, { incidentId: 'i1' }).scheduledFor).toBe('2027-03-28T01:30:00.000Z');
    // 01:30 on 7 November 2027 happens twice in New York; 02:30 on 31 October twice in Berlin.
    expect(input({ ...form, scheduledFor: '2027-11-07T01:30', tz: 'America/New_York' }, { incidentId: 'i1' }).scheduledFor).toBe('2027-11-07T05:30:00.000Z');
    expect(input({ ...form, scheduledFor: '2027-10-31T02:30', tz: 'Europe/Berlin' }, { incidentId: 'i1' }).scheduledFor).toBe('2027-10-31T00:30:00.000Z');
  });

  it('refuses to schedule in an unknown zone, next to the time field, instead of reading it as UTC', () => {
    const result = saveUpdateInputFromForm({ ...form, tz: 'Mars/Olympus' }, { incidentId: 'i1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['scheduledFor']).toMatch(/^Unknown time zone “Mars\/Olympus”/);
    // The zone only matters for "Schedule".
    expect(input({ ...form, tz: 'Mars/Olympus', submit: 'draft' }, { incidentId: 'i1' }).scheduledFor).toBe('');
    // What was typed stays in the form, the zone included.
    expect(composerValuesFromForm({ ...form, tz: 'Mars/Olympus' })).toMatchObject({ scheduledFor: '2026-11-27T14:30', tz: 'Mars/Olympus' });
  });

  it('an internal update carries no component changes', () => {
    expect(input({ ...form, audience: 'internal' }, { incidentId: 'i1' }).components).toEqual([]);
  });

  it('the responder\'s buttons make the update internal', () => {
    expect(input({ ...form, submit: 'publish-internal' }, { incidentId: 'i1' })).toMatchObject({ audience: 'internal', action: 'publish', components: [] });
    expect(input({ ...form, submit: 'schedule-internal' }, { incidentId: 'i1' })).toMatchObject({ audience: 'internal', action: 'schedule' });
  });

  it('each audience button sends its own audience, whatever the radio says', () => {
    // The radio changed without JavaScript and the page not re-rendered: the button pressed wins.
    expect(input({ ...form, audience: 'internal', submit: 'publish-external' }, { incidentId: 'i1' })).toMatchObject({ audience: 'external', action: 'publish' });
    expect(input({ ...form, audience: 'internal', submit: 'schedule-external' }, { incidentId: 'i1' })).toMatchObject({ audience: 'external', action: 'schedule' });
    expect(input({ ...form, audience: 'external', submit: 'publish-internal' }, { incidentId: 'i1' })).toMatchObject({ audience: 'internal', action: 'publish' });
    // "Save draft" keeps the radio's audience.
    expect(input({ ...form, audience: 'internal', submit: 'draft' }, { incidentId: 'i1' })).toMatchObject({ audience: 'internal', action: 'draft' });
    // Switching the audience without JavaScript saves nothing.
    expect(composerIntent({ submit: 'audience' })).toBe('audience');
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
    expect(composerValuesFromForm({ ...form, notify: [] as unknown as string, tz: '' })).toMatchObject({ notify: false, tz: 'UTC' });
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
      text: 'published an external update (Identified) · subscribers notified',
      lines: ['API: Operational → Major outage'],
      note: null,
    });
    expect(say('update.published', { audience: 'external', status: 'identified', notify: true, recipients: 1234, componentChanges: [] }).text).toBe(
      'published an external update (Identified) · subscribers notified (1,234)',
    );
    expect(say('update.published', { audience: 'external', status: 'identified', notify: false, componentChanges: [] }).text).toBe('published an external update (Identified) · no email sent');
    // Internal updates notify the internal list, never "subscribers", whatever the notify flag says.
    const internal = say('update.published', { audience: 'internal', status: 'identified', notify: true, recipients: 4, componentChanges: [] }).text;
    expect(internal).toBe('posted an internal update (Identified) · internal list notified (4)');
    expect(internal).not.toContain('subscriber');
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

describe('the {{components}} rule of "Use template" (one for the declare form and the composer)', () => {
  const catalog = [
    { id: 'api', name: 'API' },
    { id: 'cdn', name: 'CDN' },
    { id: 'db', name: 'Database' },
  ];
  it('names the components picked in the form, in page order, even ones the incident does not affect yet', () => {
    expect(templateComponentNames(catalog, { db: 'major_outage', api: 'partial_outage', cdn: '' }, [{ name: 'CDN' }])).toEqual(['API', 'Database']);
  });
  it("names the incident's affected components when none is picked", () => {
    expect(templateComponentNames(catalog, {}, [{ name: 'CDN' }, { name: 'API' }])).toEqual(['CDN', 'API']);
  });
  it('names none on a fresh declare form', () => {
    expect(templateComponentNames(catalog, {}, [])).toEqual([]);
  });
});
