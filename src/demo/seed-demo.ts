import type { Db } from '../../db/client.ts';
import { insertComponentGroup } from '../../db/queries/component-groups.ts';
import { insertComponent, listComponents } from '../../db/queries/components.ts';
import { upsertIncidentComponentStatus } from '../../db/queries/incident-component-statuses.ts';
import { writeDemoMilestones } from './demo-milestones.ts';
import { insertIncident, updateIncidentStatus } from '../../db/queries/incidents.ts';
import { insertMaintenance } from '../../db/queries/maintenances.ts';
import { upsertPageSettings } from '../../db/queries/page.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { insertUpdate } from '../../db/queries/updates.ts';
import { setComponentStatus } from '../catalog/set-component-status.ts';
import type { ComponentStatus, UpdateComponentChange } from '../domain/types.ts';
import { type ComponentKey, DEMO_GROUPS, DEMO_PAGE } from './catalogue.ts';
import { seedPrepDemo } from './prep-demo.ts';
import { type PlannedIncident, type PlannedMaintenance, type PlannedUpdate, planDemo } from './demo-plan.ts';
import { seedDemoPostmortems } from './postmortems.ts';

export interface DemoSummary {
  components: number;
  groups: number;
  /** Resolved and active incidents. */
  incidents: number;
  /** Every update written: external and internal, published and draft, incidents and maintenances. */
  updates: number;
}

type ComponentIds = ReadonlyMap<ComponentKey, string>;
type Move = { componentId: string; from: ComponentStatus; to: ComponentStatus };

/**
 * Fills an empty database with a believable demo status page ("Acme Cloud"): 12
 * components in 3 groups, 90 days of resolved incidents whose status changes really
 * move the components (so the uptime bars dip), one incident going on now, and a
 * completed and an upcoming maintenance. Internal notes, drafts and timeline events
 * are included on purpose: they must never show on the public page.
 *
 * One transaction: a failed seed leaves the database empty. The content depends only
 * on `now` (ids aside), so a given `now` always produces the same page.
 */
export async function seedDemo(db: Db, options: { now: Date }): Promise<DemoSummary> {
  const plan = planDemo(options.now);
  return db.transaction().execute(async (trx) => {
    const existing = await listComponents(trx);
    if (existing.length > 0) {
      throw new Error(
        `The demo can only be seeded into an empty database, and this one already has ${existing.length} component(s). ` +
          'Seed a fresh database instead.',
      );
    }

    await upsertPageSettings(trx, { name: DEMO_PAGE.name, description: DEMO_PAGE.description }, plan.createdAt);
    const componentIds = await writeCatalogue(trx, plan.createdAt);
    const counts = { incidents: 0, updates: 0 };

    // Status changes must be written in time order per component (each one closes
    // the interval before it), so history is replayed oldest first.
    const history = [
      ...plan.resolvedIncidents.map((incident) => ({ at: incident.startedAt, write: () => writeIncident(trx, componentIds, incident) })),
      { at: plan.completedMaintenance.scheduledFor, write: () => writeMaintenance(trx, componentIds, plan.completedMaintenance) },
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const episode of history) {
      const written = await episode.write();
      counts.updates += written.updates;
      if (written.kind === 'incident') counts.incidents += 1;
    }
    counts.updates += (await writeIncident(trx, componentIds, plan.activeIncident)).updates;
    counts.incidents += 1;
    counts.updates += (await writeMaintenance(trx, componentIds, plan.upcomingMaintenance)).updates;
    await seedPrepDemo(trx, options.now);
    await seedDemoPostmortems(trx, options.now);

    return {
      components: componentIds.size,
      groups: DEMO_GROUPS.length,
      incidents: counts.incidents,
      updates: counts.updates,
    };
  });
}

async function writeCatalogue(trx: Db, createdAt: Date): Promise<ComponentIds> {
  const ids = new Map<ComponentKey, string>();
  const startDate = createdAt.toISOString().slice(0, 10);
  let position = 0;
  for (const [groupIndex, group] of DEMO_GROUPS.entries()) {
    const groupId = await insertComponentGroup(trx, {
      name: group.name,
      description: group.description,
      position: groupIndex + 1,
      createdAt,
    });
    for (const component of group.components) {
      // Positions run across groups, so ordering by position alone keeps the groups together.
      position += 1;
      const id = await insertComponent(trx, {
        groupId,
        name: component.name,
        description: component.description,
        position,
        startDate,
        createdAt,
      });
      await setComponentStatus(trx, id, 'operational', createdAt);
      ids.set(component.key, id);
    }
  }
  return ids;
}

function idOf(componentIds: ComponentIds, key: ComponentKey): string {
  const id = componentIds.get(key);
  if (id === undefined) throw new Error(`The demo catalogue has no component "${key}"`);
  return id;
}

/** Writes an update, its component changes resolved from 'open'/'close' against the moves made. */
async function writeUpdate(
  trx: Db,
  subject: { incidentId: string } | { maintenanceId: string },
  update: PlannedUpdate,
  moves: Move[],
): Promise<void> {
  const componentChanges: UpdateComponentChange[] =
    update.changes === 'open'
      ? moves.map((m) => ({ componentId: m.componentId, oldStatus: m.from, newStatus: m.to }))
      : update.changes === 'close'
        ? moves.map((m) => ({ componentId: m.componentId, oldStatus: m.to, newStatus: 'operational' }))
        : [];
  await insertUpdate(trx, {
    ...subject,
    audience: update.audience,
    state: update.state,
    status: update.status,
    body: update.body,
    publishedAt: update.state === 'published' ? update.at : null,
    createdAt: update.at,
    componentChanges,
  });
}

async function writeIncident(trx: Db, componentIds: ComponentIds, incident: PlannedIncident): Promise<{ kind: 'incident'; updates: number }> {
  const affected = incident.affected.map((a) => ({ componentId: idOf(componentIds, a.key), status: a.status }));
  const incidentId = await insertIncident(trx, {
    title: incident.title,
    severity: incident.severity,
    impact: incident.impact,
    status: 'investigating',
    startedAt: incident.startedAt,
    components: affected,
  });

  const moves: Move[] = [];
  for (const component of affected) {
    const from = await setComponentStatus(trx, component.componentId, component.status, incident.startedAt);
    moves.push({ componentId: component.componentId, from, to: component.status });
  }
  for (const update of incident.updates) await writeUpdate(trx, { incidentId }, update, moves);
  // The incident's claims on its components, as publishing its first external update
  // records them, so that the status rule keeps them while the demo incident is open.
  if (incident.updates.some((u) => u.audience === 'external' && u.state === 'published' && u.changes === 'open')) {
    for (const component of affected) await upsertIncidentComponentStatus(trx, incidentId, component.componentId, component.status);
  }
  for (const step of incident.steps) await updateIncidentStatus(trx, incidentId, step.status, step.at);
  await writeDemoMilestones(trx, incidentId, incident);
  for (const event of incident.events) {
    await insertTimelineEvent(trx, { incidentId, kind: event.kind, actor: event.actor, details: event.details, occurredAt: event.at });
  }
  if (incident.resolvedAt !== null) {
    for (const component of affected) {
      await setComponentStatus(trx, component.componentId, 'operational', incident.resolvedAt);
    }
  }
  return { kind: 'incident', updates: incident.updates.length };
}

async function writeMaintenance(
  trx: Db,
  componentIds: ComponentIds,
  maintenance: PlannedMaintenance,
): Promise<{ kind: 'maintenance'; updates: number }> {
  const ids = maintenance.componentKeys.map((key) => idOf(componentIds, key));
  const maintenanceId = await insertMaintenance(trx, {
    title: maintenance.title,
    status: maintenance.status,
    scheduledFor: maintenance.scheduledFor,
    scheduledUntil: maintenance.scheduledUntil,
    startedAt: maintenance.startedAt,
    completedAt: maintenance.completedAt,
    createdAt: maintenance.createdAt,
    componentIds: ids,
  });

  const moves: Move[] = [];
  if (maintenance.startedAt !== null) {
    for (const componentId of ids) {
      const from = await setComponentStatus(trx, componentId, 'under_maintenance', maintenance.startedAt);
      moves.push({ componentId, from, to: 'under_maintenance' });
    }
  }
  for (const update of maintenance.updates) await writeUpdate(trx, { maintenanceId }, update, moves);
  if (maintenance.completedAt !== null) {
    for (const componentId of ids) await setComponentStatus(trx, componentId, 'operational', maintenance.completedAt);
  }
  return { kind: 'maintenance', updates: maintenance.updates.length };
}
