import { describe, expect, it } from 'vitest';
import { describeMilestoneEvent } from '../../src/incidents/milestone-text.ts';
import { findMilestoneOrderProblem, minutesBetween, type MilestoneValues } from '../../src/incidents/milestones.ts';

const at = (hhmm: string): Date => new Date(`2026-11-27T${hhmm}:00Z`);
const values = (v: Partial<MilestoneValues>): MilestoneValues => ({
  impact_started_at: null,
  detected_at: null,
  acknowledged_at: null,
  mitigated_at: null,
  resolved_at: null,
  ...v,
});

describe('milestone order', () => {
  it('accepts milestones in order, equal ones and missing ones', () => {
    expect(findMilestoneOrderProblem(values({ impact_started_at: at('10:00'), detected_at: at('10:00'), acknowledged_at: at('10:05'), resolved_at: at('11:00') }))).toBeNull();
    expect(findMilestoneOrderProblem(values({}))).toBeNull();
  });

  it('names the milestone that was edited when it breaks the order', () => {
    const problem = findMilestoneOrderProblem(values({ impact_started_at: at('10:00'), detected_at: at('10:10'), mitigated_at: at('10:05') }), ['mitigated_at']);
    expect(problem).toEqual({ milestone: 'mitigated_at', message: expect.stringContaining('Mitigated cannot be before detected') });
  });

  it('puts the message on the earlier milestone when that is the one edited', () => {
    const problem = findMilestoneOrderProblem(values({ detected_at: at('10:10'), acknowledged_at: at('10:20'), resolved_at: at('11:00'), mitigated_at: at('11:30') }), ['mitigated_at']);
    expect(problem?.milestone).toBe('mitigated_at');
    expect(problem?.message).toContain('Mitigated cannot be after resolved');
  });

  it('compares across gaps: impact started after acknowledged is refused even with detected empty', () => {
    const problem = findMilestoneOrderProblem(values({ impact_started_at: at('12:00'), acknowledged_at: at('11:00') }), ['impact_started_at']);
    expect(problem?.milestone).toBe('impact_started_at');
    expect(problem?.message).toContain('Impact started cannot be after acknowledged');
  });

  it('measures minutes between two milestones, none when one is missing or out of order', () => {
    expect(minutesBetween(at('10:00'), at('10:45'))).toBe(45);
    expect(minutesBetween(null, at('10:45'))).toBeNull();
    expect(minutesBetween(at('11:00'), at('10:45'))).toBeNull();
  });
});

describe('milestone timeline sentences', () => {
  const zoneTime = (d: Date): string => d.toISOString().slice(11, 16);
  it('says which milestone changed, from and to, with the reason', () => {
    expect(
      describeMilestoneEvent('incident.milestone_changed', { milestone: 'impact_started_at', from: '2026-11-27T10:00:00.000Z', to: '2026-11-27T09:40:00.000Z', reason: 'graphs show errors from 09:40' }, zoneTime),
    ).toEqual({ text: 'changed impact started from 10:00 to 09:40', lines: ['Reason: graphs show errors from 09:40'] });
  });
  it('says an incident was marked mitigated, with or without an update', () => {
    expect(describeMilestoneEvent('incident.mitigated', {}, zoneTime)?.text).toBe('marked the incident mitigated');
    expect(describeMilestoneEvent('incident.mitigated', { updateId: 'u1' }, zoneTime)?.text).toBe('marked the incident mitigated with an update');
    expect(describeMilestoneEvent('incident.declared', {}, zoneTime)).toBeNull();
  });
});

describe('demo milestones', () => {
  it('gives every demo incident its milestones, in order, the same on every run', async () => {
    const { planDemo } = await import('../../src/demo/demo-plan.ts');
    const { demoMilestones } = await import('../../src/demo/demo-milestones.ts');
    const plan = planDemo(new Date('2026-11-30T12:00:00Z'));
    const incidents = [...plan.resolvedIncidents, plan.activeIncident];
    expect(incidents.length).toBeGreaterThan(5);
    for (const incident of incidents) {
      const m = demoMilestones(incident);
      expect(findMilestoneOrderProblem(m)).toBeNull();
      expect(m.acknowledged_at).toEqual(incident.startedAt);
      expect(m.detected_at.getTime()).toBeLessThan(incident.startedAt.getTime());
      expect(m.resolved_at).toEqual(incident.resolvedAt);
      if (incident.resolvedAt !== null) expect(m.mitigated_at).not.toBeNull();
    }
    expect(demoMilestones(incidents[0]!)).toEqual(demoMilestones(planDemo(new Date('2026-11-30T12:00:00Z')).resolvedIncidents[0]!));
  });
});
