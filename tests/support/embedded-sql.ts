import pg from 'pg';
import { embeddedLocation } from '../../db/embedded.ts';

/** A plain SQL client on a running server's embedded database, through its socket: for a test to look at rows. */
export async function connectToEmbedded(dataDir: string): Promise<pg.Client> {
  const location = embeddedLocation(dataDir);
  const client = new pg.Client({ host: location.socketDir, port: location.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  return client;
}
