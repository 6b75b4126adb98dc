import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../db/client.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/**
 * PostgreSQL going away while a transaction holds a connection (between two
 * statements) fails that transaction; it must not crash the process with an
 * unhandled 'error' event from the pg client (vitest reports one as an error).
 */
describe.runIf(testDatabaseKinds().includes('postgres'))('a connection dropped mid-transaction', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let viaProxy: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', { migrate: false });
    const target = new URL(database.url ?? '');
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    target.host = `127.0.0.1:${proxy.port}`;
    viaProxy = await openDatabase({ databaseUrl: target.toString(), dataDir: database.dataDir });
  });

  afterAll(async () => {
    await viaProxy?.close();
    await proxy?.close();
    await database?.dispose().catch(() => {});
  });

  it('fails the transaction, and the pool serves again once the database is back', async () => {
    const dropped = viaProxy.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await proxy.cut();
      // The client sees the connection end between statements, before this one.
      await new Promise((resolve) => setImmediate(resolve));
      await sql`select 2`.execute(trx);
    });
    await expect(dropped).rejects.toThrow();
    await proxy.restore();
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(viaProxy.db);
    expect(rows[0]?.answer).toBe(42);
  });
});
