import type { Db } from '../client.ts';

/**
 * Server-side secrets shared by every process (one row per name). The first
 * process to need one creates it; `on conflict do nothing` then a read means
 * concurrent first uses on many machines all end up with the same value.
 */
export async function getOrCreateSecret(db: Db, name: string): Promise<Uint8Array> {
  const candidate = new Uint8Array(32);
  crypto.getRandomValues(candidate);
  await db.insertInto('app_secrets').values({ name, value: candidate }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return new Uint8Array(row.value);
}
