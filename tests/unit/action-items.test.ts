import { describe, expect, it } from 'vitest';
import { buildActionItemsCsv } from '../../src/action-items/action-items-csv.ts';
import { createActionItemSchema, isWebUrl, updateActionItemSchema } from '../../src/action-items/action-item-input.ts';
import type { ActionItemRow } from '../../src/action-items/action-items-page.ts';
import { daysBetween, describeDue, isCalendarDate, isOverdue, todayInZone } from '../../src/action-items/due-dates.ts';
import { checklistSchema, runbookSchema } from '../../src/runbooks/runbook-input.ts';
import { parseInput } from '../../src/domain/validation.ts';
import { describePrepEvent } from '../../src/runbooks/timeline-text.ts';
import { describeAuditKind, summarizeAuditEvent } from '../../src/audit/describe-event.ts';
import type { TimeZone } from '../../src/time/time-zone.ts';

const zone = (name: string): TimeZone => name as TimeZone;

describe('due dates', () => {
  it('reads today in the page’s time zone, across a day and a month end', () => {
    const instant = new Date('2026-11-30T23:30:00Z');
    expect(todayInZone(instant, zone('UTC'))).toBe('2026-11-30');
    expect(todayInZone(instant, zone('Europe/Berlin'))).toBe('2026-12-01');
    expect(todayInZone(instant, zone('America/Los_Angeles'))).toBe('2026-11-30');
    expect(todayInZone(new Date('2026-12-01T05:00:00Z'), zone('America/Los_Angeles'))).toBe('2026-11-30');
  });

  it('says how late an item is in words', () => {
    const item = (dueOn: string | null, status: 'open' | 'done' = 'open') => ({ dueOn, status });
    expect(describeDue(item('2026-11-27'), '2026-11-30')).toBe('Overdue by 3 days');
    expect(describeDue(item('2026-11-30'), '2026-12-01')).toBe('Overdue by 1 day');
    expect(describeDue(item('2026-11-30'), '2026-11-30')).toBe('Due today');
    expect(describeDue(item('2026-12-01'), '2026-11-30')).toBe('Due tomorrow');
    expect(describeDue(item('2027-01-02'), '2026-12-31')).toBe('Due in 2 days');
    expect(describeDue(item(null), '2026-11-30')).toBe('No due date');
    expect(describeDue(item('2026-11-01', 'done'), '2026-11-30')).toBe('Was due Nov 1, 2026');
    expect(isOverdue(item('2026-11-29'), '2026-11-30')).toBe(true);
    expect(isOverdue(item('2026-11-30'), '2026-11-30')).toBe(false);
    expect(isOverdue(item('2026-11-29', 'done'), '2026-11-30')).toBe(false);
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('30/11/2026')).toBe(false);
  });
});

describe('action item input', () => {
  it('refuses a missing title and a ticket link that is not http(s), keeping the messages per field', () => {
    const result = parseInput(createActionItemSchema, { incidentId: 'i1', title: '  ', ticketUrl: 'javascript:alert(1)' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors['title']).toBe('Say what needs doing.');
    expect(result.errors['ticketUrl']).toMatch(/starting with https:\/\//);
    expect(isWebUrl('https://linear.app/acme/issue/OPS-1')).toBe(true);
    expect(isWebUrl('ftp://example.com/x')).toBe(false);
    expect(isWebUrl('/admin')).toBe(false);
  });

  it('needs a reason for won’t do', () => {
    const result = parseInput(updateActionItemSchema, { title: 'x', priority: 'P2', status: 'wont_do', wontDoReason: ' ' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual(['wontDoReason']);
  });

  it('caps runbooks and says so; reads checklist lines, list markers dropped', () => {
    const long = parseInput(runbookSchema, { body: 'x'.repeat(20_001) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors['body']).toMatch(/capped at 20,000 characters/);
    const list = parseInput(checklistSchema, { severity: 'SEV1', items: '- Page the IC\r\n\n2. Open the bridge\n  ' });
    expect(list.ok && list.value.items).toEqual(['Page the IC', 'Open the bridge']);
  });
});

describe('CSV export', () => {
  it('has a header line and quotes commas, quotes and line breaks', () => {
    const row: ActionItemRow = {
      id: 'a1',
      incidentId: 'i1',
      incidentTitle: 'Checkout, "mostly" down',
      incidentSeverity: 'SEV1',
      title: 'Fix it\nproperly',
      ownerId: null,
      ownerName: null,
      dueOn: '2026-11-27',
      priority: 'P1',
      status: 'open',
      wontDoReason: null,
      ticketUrl: null,
      components: [{ id: 'c1', name: 'API' }, { id: 'c2', name: 'CDN' }],
      createdAt: new Date('2026-11-20T10:00:00Z'),
      updatedAt: new Date('2026-11-20T10:00:00Z'),
      closedAt: null,
      assignedNotifiedAt: null,
      overdueNotifiedAt: null,
      overdue: true,
      dueText: 'Overdue by 3 days',
    };
    const csv = buildActionItemsCsv([row]);
    const [header, ...rest] = csv.split('\r\n');
    expect(header).toBe('id,title,incident_id,incident_title,owner,priority,status,due_on,overdue,components,ticket_url,wont_do_reason,created_at,closed_at');
    expect(rest.join('\r\n')).toBe('a1,"Fix it\nproperly",i1,"Checkout, ""mostly"" down",,P1,Open,2026-11-27,Overdue by 3 days,API; CDN,,,2026-11-20T10:00:00.000Z,\r\n');
  });
});

describe('timeline words', () => {
  it('describes checklist ticks and action item changes', () => {
    expect(describePrepEvent('checklist.ticked', { item: 'Page the IC', severity: 'SEV1' })).toBe('ticked “Page the IC” on the SEV1 checklist');
    expect(describePrepEvent('action_item.updated', { title: 'Alert on lag', changes: { status: ['open', 'wont_do'], wontDoReason: [null, 'Replaced'] } })).toBe(
      'changed the action item “Alert on lag”: status Open → Won’t do; reason none → Replaced',
    );
    expect(describePrepEvent('incident.declared', {})).toBeNull();
  });

  it('reads the same in the audit log, under labels of their own kind', () => {
    const event = { id: '1', occurredAt: new Date('2026-11-29T10:00:00Z'), kind: 'runbook.saved', actorId: null, actorName: 'Ada', incidentId: null, incidentTitle: null, maintenanceId: null, maintenanceTitle: null, details: { componentId: 'c1', component: 'CDN', version: 3, characters: 120 } };
    expect(summarizeAuditEvent(event)).toBe('saved version 3 of the CDN runbook');
    expect(describeAuditKind('action_item.updated')).toBe('Action item: updated');
  });
});
