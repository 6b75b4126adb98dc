import type { Db } from '../../db/client.ts';
import { findComponentStatus, updateComponentStatusColumn } from '../../db/queries/components.ts';
import { closeOpenStatusInterval, insertStatusInterval } from '../../db/queries/status-intervals.ts';
import type { ComponentStatus } from '../domain/types.ts';

/**
 * Moves a component to a status at a time, keeping the history: the open interval
 * is closed and a new one opened, so uptime is computed from what happened. Takes
 * a transaction (or db) from the caller, which owns the unit of work.
 * Returns the status the component had before.
 */
export async function setComponentStatus(
  trx: Db,
  componentId: string,
  status: ComponentStatus,
  at: Date,
): Promise<ComponentStatus> {
  const previous = await findComponentStatus(trx, componentId);
  if (previous === null) throw new Error(`Unknown component ${componentId}`);
  await closeOpenStatusInterval(trx, componentId, at);
  await insertStatusInterval(trx, { componentId, status, startedAt: at });
  await updateComponentStatusColumn(trx, componentId, status, at);
  return previous;
}
