import type { DirectoryUser } from '../../src/domain/incident-views.ts';
import type { Db } from '../client.ts';

/** People who can be given an incident role: every user not disabled, by name. */
export async function listActiveUsers(db: Db): Promise<DirectoryUser[]> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'role']).where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role }));
}
