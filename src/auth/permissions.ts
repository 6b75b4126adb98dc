import type { Role } from '../domain/types.ts';
import { hasScope, type Scope } from '../tokens/scopes.ts';

/**
 * What each role may do. Checked on the server by every use case (and by the
 * middleware for whole areas), never only by hiding a button.
 *
 * - admin: everything, including users, settings and the audit log.
 * - comms: publishes external and internal updates; manages incidents,
 *   components, maintenance and templates.
 * - responder: declares incidents, posts internal updates and notes, drafts
 *   external updates for comms to publish.
 * - viewer: reads the internal view.
 *
 * The subscriber list (addresses) is for admin and comms only ('subscriber.view');
 * adding a confirmed subscriber (import) and removing one are admin-only
 * ('subscriber.manage', which a `subscribers:write` token has too); exporting and
 * reactivating in bulk are admin-only ('settings.manage').
 */
export const PERMISSIONS = {
  'internal.view': ['admin', 'comms', 'responder', 'viewer'],
  'incident.declare': ['admin', 'comms', 'responder'],
  'incident.manage': ['admin', 'comms'],
  'update.draft': ['admin', 'comms', 'responder'],
  'update.internal': ['admin', 'comms', 'responder'],
  'update.publish': ['admin', 'comms'],
  'note.add': ['admin', 'comms', 'responder'],
  'component.manage': ['admin', 'comms'],
  'maintenance.manage': ['admin', 'comms'],
  'template.manage': ['admin', 'comms'],
  // Subscribers' addresses are personal data: comms (who write to them) and admins.
  'subscriber.view': ['admin', 'comms'],
  // Adding confirmed subscribers and removing them: what a subscribers:write token may do.
  'subscriber.manage': ['admin'],
  'audit.view': ['admin'],
  'user.manage': ['admin'],
  'settings.manage': ['admin'],
  'token.manage': ['admin'],
  'alertRoute.manage': ['admin', 'comms'],
  // Action items are follow-ups the whole response team writes and closes.
  'actionItem.write': ['admin', 'comms', 'responder'],
  // Runbooks and severity checklists are the team's agreed procedure: edited by the
  // people who run the process (comms, admin); responders read and tick them.
  'runbook.manage': ['admin', 'comms'],
  // Postmortems: responders write drafts and send them for review; comms and admins publish.
  'postmortem.write': ['admin', 'comms', 'responder'],
  'postmortem.publish': ['admin', 'comms'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * The API token scope that grants each permission, so a token acts through the
 * same use cases (and the same checks) as a person. `admin` grants all of them.
 */
export const PERMISSION_SCOPES: Record<Permission, Scope> = {
  'internal.view': 'read',
  'incident.declare': 'incidents:write',
  'incident.manage': 'incidents:write',
  'update.draft': 'incidents:write',
  'update.internal': 'incidents:write',
  'update.publish': 'incidents:publish',
  'note.add': 'incidents:write',
  'component.manage': 'components:write',
  'maintenance.manage': 'maintenance:write',
  'template.manage': 'incidents:write',
  'subscriber.view': 'subscribers:read',
  'subscriber.manage': 'subscribers:write',
  'audit.view': 'admin',
  'user.manage': 'admin',
  'settings.manage': 'admin',
  'token.manage': 'admin',
  'alertRoute.manage': 'admin',
  'actionItem.write': 'postmortems:write',
  'runbook.manage': 'admin',
  'postmortem.write': 'postmortems:write',
  'postmortem.publish': 'postmortems:write',
};

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Thrown by use cases when the actor lacks a permission; the HTTP layer answers 403. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  readonly permission: Permission;
  constructor(permission: Permission) {
    super(`You do not have permission to do this (${permission}).`);
    this.permission = permission;
  }
}

/**
 * The person doing something, as every use case receives them. An API token acts
 * as an Actor too (src/tokens/token-actor.ts): then `token` is set, its scopes
 * decide what it may do, `id` is "token:<token id>" (no user) and `name` is the
 * token's name, which the audit log shows.
 */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  token?: { id: string; scopes: readonly Scope[] };
}

/** What a use case checks: the role of a person, the scopes of a token. */
export function actorCan(actor: Actor, permission: Permission): boolean {
  if (actor.token) return hasScope(actor.token.scopes, PERMISSION_SCOPES[permission]);
  return can(actor.role, permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) throw new ForbiddenError(permission);
}
