import type { Db } from '../../db/client.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listActiveUsers } from '../../db/queries/users-directory.ts';
import { type Actor, actorCan, ForbiddenError, type Permission } from '../auth/permissions.ts';
import type { FieldErrors } from '../domain/result.ts';
import type { Audience, Component } from '../domain/types.ts';
import type { DirectoryUser } from '../domain/incident-views.ts';

/** Shared checks of the incident use cases. Each runs inside the caller's transaction. */

export type UpdateAction = 'draft' | 'schedule' | 'publish';

/**
 * The permission an update needs: internal ones update.internal; external drafts
 * update.draft (responders write them for comms); publishing or scheduling an
 * external one update.publish.
 */
export function updatePermission(audience: Audience, action: UpdateAction): Permission {
  if (audience === 'internal') return 'update.internal';
  return action === 'draft' ? 'update.draft' : 'update.publish';
}

/** Throws ForbiddenError unless the actor has at least one of the permissions. */
export function requireAnyPermission(actor: Actor, permissions: Permission[]): void {
  if (!permissions.some((permission) => actorCan(actor, permission))) throw new ForbiddenError(permissions[0]!);
}

/** The components by id, or a field error when one of them does not exist. */
export async function findComponentsById(
  trx: Db,
  ids: string[],
  field = 'components',
): Promise<{ ok: true; components: Map<string, Component> } | { ok: false; errors: FieldErrors }> {
  const all = new Map((await listComponents(trx)).map((c) => [c.id, c]));
  if (ids.some((id) => !all.has(id))) {
    return { ok: false, errors: { [field]: 'One of these components does not exist any more: reload the page and pick again' } };
  }
  return { ok: true, components: all };
}

/** Field errors for ids that are not active users, keyed by the given field names. */
export async function checkPeople(trx: Db, fields: Record<string, string[]>): Promise<{ errors: FieldErrors; people: Map<string, DirectoryUser> }> {
  const people = new Map((await listActiveUsers(trx)).map((u) => [u.id, u]));
  const errors: FieldErrors = {};
  for (const [field, ids] of Object.entries(fields)) {
    if (ids.some((id) => !people.has(id))) errors[field] = 'Pick someone from the list: that person is not an active user';
  }
  return { errors, people };
}

export const INCIDENT_GONE = 'This incident does not exist any more';
