import type { IncidentRole, IncidentRoleAssignment } from '../../src/domain/types.ts';
import type { Db } from '../client.ts';

/** Who holds which role on one incident, with the people's names. */
export async function listIncidentRoles(db: Db, incidentId: string): Promise<IncidentRoleAssignment[]> {
  return listRolesForIncidents(db, [incidentId]);
}

export async function listRolesForIncidents(db: Db, incidentIds: string[]): Promise<IncidentRoleAssignment[]> {
  if (incidentIds.length === 0) return [];
  const rows = await db
    .selectFrom('incident_roles')
    .innerJoin('users', 'users.id', 'incident_roles.user_id')
    .select(['incident_roles.incident_id', 'incident_roles.user_id', 'users.name', 'incident_roles.role', 'incident_roles.assigned_at'])
    .where('incident_roles.incident_id', 'in', incidentIds)
    .orderBy('incident_roles.assigned_at')
    .orderBy('users.name')
    .execute();
  return rows.map((row) => ({
    incidentId: row.incident_id,
    userId: row.user_id,
    userName: row.name,
    role: row.role,
    assignedAt: row.assigned_at,
  }));
}

export async function insertIncidentRole(
  db: Db,
  assignment: { incidentId: string; userId: string; role: IncidentRole; assignedAt: Date },
): Promise<void> {
  await db
    .insertInto('incident_roles')
    .values({ incident_id: assignment.incidentId, user_id: assignment.userId, role: assignment.role, assigned_at: assignment.assignedAt })
    .execute();
}

export async function deleteIncidentRole(db: Db, incidentId: string, userId: string, role: IncidentRole): Promise<void> {
  await db
    .deleteFrom('incident_roles')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .execute();
}

/** Someone to tell about an incident: its commander or comms lead, with an active account. */
export interface IncidentLeadContact {
  userId: string;
  name: string;
  email: string;
  roles: ('commander' | 'comms_lead')[];
}

/** The incident commander and communications lead (one entry per person), disabled accounts left out. */
export async function listIncidentLeadContacts(db: Db, incidentId: string): Promise<IncidentLeadContact[]> {
  const rows = await db
    .selectFrom('incident_roles')
    .innerJoin('users', 'users.id', 'incident_roles.user_id')
    .select(['users.id', 'users.name', 'users.email', 'incident_roles.role'])
    .where('incident_roles.incident_id', '=', incidentId)
    .where('incident_roles.role', 'in', ['commander', 'comms_lead'])
    .where('users.disabled_at', 'is', null)
    .orderBy('incident_roles.role')
    .orderBy('users.name')
    .execute();
  const byUser = new Map<string, IncidentLeadContact>();
  for (const row of rows) {
    const contact = byUser.get(row.id) ?? { userId: row.id, name: row.name, email: row.email, roles: [] };
    contact.roles.push(row.role as 'commander' | 'comms_lead');
    byUser.set(row.id, contact);
  }
  return [...byUser.values()];
}
