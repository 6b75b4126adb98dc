import type { Db } from '../../db/client.ts';
import { type ComponentStatusRow, listComponentStatusRows } from '../../db/queries/components.ts';
import { listOpenIncidentClaims } from '../../db/queries/incident-component-statuses.ts';
import { listComponentsInActiveMaintenances } from '../../db/queries/maintenances.ts';
import { deriveComponentStatus } from './derive-component-status.ts';
import type { ComponentStatus } from '../domain/types.ts';
import { setComponentStatus } from './set-component-status.ts';
import { recordComponentWebhooks } from '../webhooks/record-webhook-event.ts';

/*
 * The one loader and writer of derived component statuses. Every use case that
 * changes what a component's status is derived from (publishing an external
 * update, resolving, starting or completing a maintenance, a manual edit) writes
 * its claim and then calls applyDerivedComponentStatuses in the same transaction.
 * The rule itself is the pure deriveComponentStatus.
 */

/** What a component's status comes from, and the status that gives. */
export interface ComponentStatusSources {
  componentId: string;
  name: string;
  /** The status stored now. */
  status: ComponentStatus;
  /** The status the rule gives. */
  derived: ComponentStatus;
  incidents: { incidentId: string; incidentTitle: string; status: ComponentStatus }[];
  maintenanceInProgress: boolean;
  manualStatus: ComponentStatus | null;
}

export interface AppliedComponentStatus {
  componentId: string;
  name: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

async function gatherSources(db: Db, rows: ComponentStatusRow[], exceptIncidentId?: string): Promise<ComponentStatusSources[]> {
  const ids = rows.map((row) => row.id);
  const claims = await listOpenIncidentClaims(db, ids, exceptIncidentId === undefined ? {} : { exceptIncidentId });
  const inMaintenance = new Set(await listComponentsInActiveMaintenances(db, ids));
  return rows.map((row) => {
    const incidents = claims
      .filter((claim) => claim.componentId === row.id)
      .map((claim) => ({ incidentId: claim.incidentId, incidentTitle: claim.incidentTitle, status: claim.status }));
    const maintenanceInProgress = inMaintenance.has(row.id);
    return {
      componentId: row.id,
      name: row.name,
      status: row.status,
      derived: deriveComponentStatus({ incidentClaims: incidents.map((i) => i.status), maintenanceInProgress, manualOverride: row.manualStatus }),
      incidents,
      maintenanceInProgress,
      manualStatus: row.manualStatus,
    };
  });
}

/**
 * Reads what these components' statuses come from. With `exceptIncidentId`, that
 * incident's claims are left out: what the components would be once it is
 * resolved. `forUpdate` locks the component rows (inside a transaction).
 */
export async function loadComponentStatusSources(
  db: Db,
  componentIds: readonly string[],
  options: { exceptIncidentId?: string; forUpdate?: boolean } = {},
): Promise<ComponentStatusSources[]> {
  const rows = await listComponentStatusRows(db, [...new Set(componentIds)], { forUpdate: options.forUpdate ?? false });
  return gatherSources(db, rows, options.exceptIncidentId);
}

/**
 * Recomputes these components' statuses from their claims, inside the caller's
 * transaction, and writes a status interval for each one whose status changes
 * (none for the others). The component rows are locked first, so the claims read
 * include whatever a concurrent transaction committed before. Returns the changes.
 */
export async function applyDerivedComponentStatuses(trx: Db, componentIds: readonly string[], at: Date): Promise<AppliedComponentStatus[]> {
  const rows = await listComponentStatusRows(trx, [...new Set(componentIds)], { forUpdate: true });
  const applied: AppliedComponentStatus[] = [];
  for (const source of await gatherSources(trx, rows)) {
    if (source.derived === source.status) continue;
    await setComponentStatus(trx, source.componentId, source.derived, at);
    applied.push({ componentId: source.componentId, name: source.name, oldStatus: source.status, newStatus: source.derived });
  }
  // The webhook channel of the outbox: endpoints that want component changes, in this transaction.
  await recordComponentWebhooks(trx, applied, at);
  return applied;
}
