import { Temporal } from 'temporal-polyfill';
import type { Db } from '../../db/client.ts';
import { insertActionItem, setActionItemComponents, updateActionItem } from '../../db/queries/action-items.ts';
import { replaceChecklist } from '../../db/queries/checklists.ts';
import { listComponents } from '../../db/queries/components.ts';
import { insertRunbookVersion } from '../../db/queries/runbooks.ts';
import { listIncidentComponentIdsNewestFirst } from '../../db/queries/incident-components-index.ts';
import type { ActionItemPriority, ActionItemStatus } from '../domain/learning.ts';
import { todayInZone } from '../action-items/due-dates.ts';
import { UTC } from '../time/time-zone.ts';

/*
 * Demo preparation and follow-up (issue 11): runbooks for a few components, the three
 * severity checklists, and action items in every state on the demo incidents — some
 * overdue, some done — so /admin/runbooks, /admin/action-items and the incident pages
 * look real on a fresh start. Owners are left empty: the demo seeds no accounts (the
 * first admin signs up afterwards and can take items). Depends only on `now`.
 */

export const DEMO_CHECKLISTS = {
  SEV1: [
    'Page the incident commander and name a communications lead',
    'Open the bridge (video call) and post its link in #incidents',
    'First public update within 15 minutes',
    'Check the affected components’ runbooks',
    'Set the next update time and keep to it (every 30 minutes)',
    'Tell customer support what to say',
  ],
  SEV2: [
    'Name an incident commander',
    'First public update within 30 minutes',
    'Check the affected components’ runbooks',
    'Update at least every hour',
  ],
  SEV3: ['Decide whether customers need to know (public or internal only)', 'Post an update within the hour if public', 'Note the cause on the timeline'],
} as const;

const RUNBOOKS: Record<string, string> = {
  'Managed PostgreSQL': [
    '## First five minutes',
    '',
    '1. Open the **Postgres fleet** dashboard and find the clusters with failing health checks.',
    '2. Check replication lag: above 30 s, stop failover automation for the cluster (`fleetctl pause-failover <cluster>`).',
    '3. If the primary is unreachable for more than 2 minutes, promote the healthiest replica.',
    '',
    '## Who to call',
    '',
    '- Database on-call (PagerDuty schedule *db-primary*)',
    '- Storage on-call if disk latency is above 50 ms',
  ].join('\n'),
  API: [
    '## Triage',
    '',
    '- Error rate and latency per route: **API overview** dashboard.',
    '- A deploy in the last hour? Roll back first, investigate later: `deployctl rollback api`.',
    '- Rate limiter saturation shows as 429s: raise the global limit only with the API owner.',
  ].join('\n'),
  CDN: [
    '## Edge errors',
    '',
    '1. Find the failing locations on the **Edge health** map.',
    '2. Drain a location with `edgectl drain <pop>`; traffic moves to its neighbours within a minute.',
    '3. Origin errors (5xx from origin) are not a CDN problem: check the load balancers.',
  ].join('\n'),
};

interface PlannedItem {
  title: string;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  /** Days from today (negative: in the past). */
  dueIn: number | null;
  wontDoReason?: string;
  ticketUrl?: string;
}

const ITEMS: PlannedItem[] = [
  { title: 'Alert on replication lag above 30 seconds', priority: 'P1', status: 'in_progress', dueIn: -3, ticketUrl: 'https://linear.app/acme/issue/OPS-412' },
  { title: 'Add a runbook step for pausing failover automation', priority: 'P2', status: 'open', dueIn: -9 },
  { title: 'Load-test the rate limiter at twice peak traffic', priority: 'P2', status: 'open', dueIn: 12, ticketUrl: 'https://github.com/acme/platform/issues/1873' },
  { title: 'Canary deploys for the API gateway', priority: 'P1', status: 'done', dueIn: -20, ticketUrl: 'https://acme.atlassian.net/browse/PLAT-88' },
  { title: 'Document the DNS provider escalation path', priority: 'P3', status: 'done', dueIn: -30 },
  { title: 'Replace the legacy edge health checks', priority: 'P3', status: 'wont_do', dueIn: null, wontDoReason: 'The new edge platform (Q1) replaces them; not worth doing twice.' },
  { title: 'Page the storage on-call automatically for disk latency', priority: 'P2', status: 'open', dueIn: 5 },
];

function addDays(day: string, days: number): string {
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

/** Writes the demo's runbooks, checklists and action items into the seeded incidents. */
export async function seedPrepDemo(trx: Db, now: Date): Promise<{ actionItems: number; runbooks: number }> {
  const components = await listComponents(trx);
  const componentId = new Map(components.map((c) => [c.name, c.id]));
  let runbooks = 0;
  for (const [name, body] of Object.entries(RUNBOOKS)) {
    const id = componentId.get(name);
    if (id === undefined) continue;
    await insertRunbookVersion(trx, { componentId: id, body: body.split('\n## Who to call')[0]!, authorId: null, authorName: 'Demo', at: new Date(now.getTime() - 40 * 86_400_000) });
    await insertRunbookVersion(trx, { componentId: id, body, authorId: null, authorName: 'Demo', at: new Date(now.getTime() - 10 * 86_400_000) });
    runbooks += 1;
  }
  for (const [severity, lines] of Object.entries(DEMO_CHECKLISTS)) await replaceChecklist(trx, severity as keyof typeof DEMO_CHECKLISTS, lines);

  // The most recent incidents get the follow-ups, oldest items on older incidents.
  const incidents = await listIncidentComponentIdsNewestFirst(trx);
  const byIncident = new Map(incidents.map((i) => [i.incidentId, i.componentIds]));
  const incidentIds = incidents.map((i) => i.incidentId);
  if (incidentIds.length === 0) return { actionItems: 0, runbooks };
  const today = todayInZone(now, UTC);
  for (const [index, planned] of ITEMS.entries()) {
    const incidentId = incidentIds[Math.min(incidentIds.length - 1, 1 + Math.floor(index / 2))]!;
    const createdAt = new Date(now.getTime() - (35 - index * 3) * 86_400_000);
    const dueOn = planned.dueIn === null ? null : addDays(today, planned.dueIn);
    const id = await insertActionItem(trx, { incidentId, title: planned.title, ownerId: null, dueOn, priority: planned.priority, ticketUrl: planned.ticketUrl ?? null, createdBy: null, at: createdAt });
    const closed = planned.status === 'done' || planned.status === 'wont_do';
    await updateActionItem(trx, id, {
      title: planned.title,
      ownerId: null,
      dueOn,
      priority: planned.priority,
      status: planned.status,
      wontDoReason: planned.wontDoReason ?? null,
      ticketUrl: planned.ticketUrl ?? null,
      closedAt: closed ? new Date(now.getTime() - (20 - index) * 86_400_000) : null,
      overdueNotifiedAt: null,
      at: createdAt,
    });
    await setActionItemComponents(trx, id, (byIncident.get(incidentId) ?? []).slice(0, 2));
  }
  return { actionItems: ITEMS.length, runbooks };
}
