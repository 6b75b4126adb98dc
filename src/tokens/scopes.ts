/**
 * What an API token may do. `admin` implies every other scope. Listed in the order
 * the admin page shows them.
 */
export const SCOPES = [
  'read',
  'incidents:write',
  'incidents:publish',
  'components:write',
  'maintenance:write',
  'subscribers:read',
  'subscribers:write',
  'postmortems:write',
  'alerts:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export const SCOPE_HINTS: Record<Scope, string> = {
  read: 'everything a viewer sees, internal incidents included',
  'incidents:write': 'create and edit incidents, internal updates, drafts of external updates',
  'incidents:publish': 'publish or schedule external updates (notifies subscribers); delete or backfill public incidents',
  'components:write': 'create, edit and delete components and groups, set their status',
  'maintenance:write': 'schedule and edit maintenance',
  'subscribers:read': 'list subscribers (personal data)',
  'subscribers:write': 'add and remove subscribers',
  'postmortems:write': 'write and publish postmortems',
  'alerts:write': 'alert intake only (Alertmanager, Grafana, generic)',
  admin: 'everything, including users and settings',
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Whether scopes grant `scope` (`admin` grants all). */
export function hasScope(scopes: readonly Scope[], scope: Scope): boolean {
  return scopes.includes('admin') || scopes.includes(scope);
}
