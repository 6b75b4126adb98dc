import { describe, expect, it } from 'vitest';
import type { CadenceTargets } from '../../src/domain/types.ts';
import { parseInput } from '../../src/domain/validation.ts';
import { cadenceStatus } from '../../src/incidents/cadence.ts';
import {
  assignRolesSchema,
  cadenceTargetsSchema,
  declareIncidentSchema,
  findForbiddenHtml,
  saveUpdateSchema,
} from '../../src/incidents/schemas.ts';

const declare = {
  title: 'API errors',
  severity: 'SEV1',
  impact: 'major',
  components: [{ componentId: 'c1', status: 'major_outage' }],
  update: { audience: 'external', body: 'We are looking into it.', action: 'publish' },
};

describe('declareIncidentSchema', () => {
  it('accepts a full declaration and fills the defaults', () => {
    const result = parseInput(declareIncidentSchema, declare);
    expect(result).toEqual({
      ok: true,
      value: {
        ...declare,
        expertIds: [],
        update: { ...declare.update, status: 'investigating', notify: false },
      },
    });
  });

  it('says what to fix, next to each field', () => {
    const result = parseInput(declareIncidentSchema, {
      ...declare,
      title: '   ',
      severity: 'SEV9',
      components: [{ componentId: 'c1', status: 'on_fire' }],
      update: { ...declare.update, body: '' },
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        title: 'Give the incident a title',
        severity: 'Pick a severity: SEV1, SEV2 or SEV3',
        'components.0.status': "Pick the component's status",
        'update.body': 'Write the update',
      },
    });
  });

  it('takes what HTML forms send: "" for none, one or several ids, "on" for a checkbox', () => {
    const result = parseInput(declareIncidentSchema, {
      ...declare,
      components: '',
      commanderId: '',
      commsLeadId: 'u2',
      expertIds: 'u3',
      update: { ...declare.update, status: '', notify: 'on' },
    });
    expect(result.ok && result.value).toMatchObject({
      components: [],
      commanderId: undefined,
      commsLeadId: 'u2',
      expertIds: ['u3'],
      update: { status: 'investigating', notify: true },
    });
    const several = parseInput(assignRolesSchema, { incidentId: 'i', expertIds: ['u1', 'u2', 'u1', ''] });
    expect(several.ok && several.value.expertIds).toEqual(['u1', 'u2']);
  });

  it('refuses the same component twice', () => {
    const result = parseInput(declareIncidentSchema, { ...declare, components: [declare.components[0], declare.components[0]] });
    expect(result).toEqual({ ok: false, errors: { components: 'Each component can be listed only once' } });
  });
});

describe('saveUpdateSchema', () => {
  const update = { incidentId: 'i1', audience: 'external', status: 'identified', body: 'Found it.', action: 'draft' };

  it('needs a time to schedule, and a valid one', () => {
    expect(parseInput(saveUpdateSchema, { ...update, action: 'schedule' })).toEqual({ ok: false, errors: { scheduledFor: 'Pick when to publish it' } });
    expect(parseInput(saveUpdateSchema, { ...update, action: 'schedule', scheduledFor: 'tomorrow-ish' })).toEqual({
      ok: false,
      errors: { scheduledFor: 'Pick a date and time' },
    });
    const ok = parseInput(saveUpdateSchema, { ...update, action: 'schedule', scheduledFor: '2026-11-27T13:00:00Z' });
    expect(ok.ok && ok.value.scheduledFor).toEqual(new Date('2026-11-27T13:00:00Z'));
  });

  it('keeps component changes out of internal updates', () => {
    const result = parseInput(saveUpdateSchema, { ...update, audience: 'internal', components: [{ componentId: 'c1', status: 'operational' }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors['components']).toMatch(/^Internal updates do not change components/);
  });

  it('limits the body to 20,000 characters', () => {
    expect(parseInput(saveUpdateSchema, { ...update, body: 'x'.repeat(20_000) }).ok).toBe(true);
    expect(parseInput(saveUpdateSchema, { ...update, body: 'x'.repeat(20_001) })).toEqual({
      ok: false,
      errors: { body: 'Keep the update under 20,000 characters' },
    });
  });

  it('rejects raw HTML the renderer would strip, and says which', () => {
    expect(parseInput(saveUpdateSchema, { ...update, body: 'Hi <script>alert(1)</script>' })).toEqual({
      ok: false,
      errors: { body: 'Remove the <script> tag: updates are Markdown, HTML is not allowed' },
    });
  });
});

describe('findForbiddenHtml', () => {
  it.each([
    ['<SCRIPT src=x>', 'Remove the <script> tag: updates are Markdown, HTML is not allowed'],
    ['< iframe src="https://evil">', 'Remove the <iframe> tag: updates are Markdown, HTML is not allowed'],
    ['<style>body{}</style>', 'Remove the <style> tag: updates are Markdown, HTML is not allowed'],
    ['<img src=x onerror=alert(1)>', 'Remove the onerror= attribute: updates are Markdown, HTML is not allowed'],
    ['<a href="#" onClick = "x">', 'Remove the onclick= attribute: updates are Markdown, HTML is not allowed'],
  ])('rejects %s', (body, message) => {
    expect(findForbiddenHtml(body)).toBe(message);
  });

  it.each([
    'We fixed the `<script>` loader.',
    '```html\n<script>broken()</script>\n```\nAll good now.',
    'Error rate is < 1%; turn on=off the flag.',
    'Plain **Markdown** with a [link](https://example.com).',
  ])('accepts %j', (body) => {
    expect(findForbiddenHtml(body)).toBeNull();
  });
});

describe('cadenceTargetsSchema', () => {
  it('takes minutes or empty for none', () => {
    expect(parseInput(cadenceTargetsSchema, { SEV1: '15', SEV2: 60, SEV3: '' })).toEqual({ ok: true, value: { SEV1: 15, SEV2: 60, SEV3: null } });
    expect(parseInput(cadenceTargetsSchema, { SEV1: '0', SEV2: '1.5', SEV3: 'soon' }).ok).toBe(false);
  });
});

describe('cadenceStatus', () => {
  const targets: CadenceTargets = { SEV1: 30, SEV2: 60, SEV3: null };
  const startedAt = new Date('2026-11-27T10:00:00Z');
  const at = (minutes: number): Date => new Date(startedAt.getTime() + minutes * 60_000);

  it('counts from the last external update and is due after the target', () => {
    const incident = { severity: 'SEV1' as const, lastExternalUpdateAt: at(10), startedAt, isPublic: true };
    expect(cadenceStatus(incident, targets, at(39))).toEqual({ targetMinutes: 30, minutesSince: 29, dueAt: at(40), overdue: false });
    expect(cadenceStatus(incident, targets, at(40))).toMatchObject({ minutesSince: 30, overdue: false });
    expect(cadenceStatus(incident, targets, at(40.5))).toMatchObject({ minutesSince: 30, overdue: true });
    expect(cadenceStatus({ ...incident, severity: 'SEV2' }, targets, at(40.5))).toMatchObject({ targetMinutes: 60, dueAt: at(70), overdue: false });
  });

  it('has no target for a severity without one', () => {
    const incident = { severity: 'SEV3' as const, lastExternalUpdateAt: at(0), startedAt, isPublic: true };
    expect(cadenceStatus(incident, targets, at(500))).toEqual({ targetMinutes: null, minutesSince: 500, dueAt: null, overdue: false });
  });

  it('has no target while the incident is internal-only, and counts from its start', () => {
    const incident = { severity: 'SEV1' as const, lastExternalUpdateAt: null, startedAt, isPublic: false };
    expect(cadenceStatus(incident, targets, at(45))).toEqual({ targetMinutes: null, minutesSince: 45, dueAt: null, overdue: false });
  });

  it('never counts negative minutes (clock skew)', () => {
    const incident = { severity: 'SEV1' as const, lastExternalUpdateAt: at(5), startedAt, isPublic: true };
    expect(cadenceStatus(incident, targets, at(4)).minutesSince).toBe(0);
  });
});

