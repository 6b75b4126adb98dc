import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, findChromium } from './chromium.ts';
import { buildDatabaseTemplates } from './database-templates.ts';
import { heraldEnv, startHerald } from './herald-process.ts';
import { SHARED_HERALD_SETTINGS, type SharedHeraldInfo } from './shared-herald.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Playwright endpoint of the one Chromium every e2e file connects to. */
    browserWsEndpoint: string;
    /** The one built server (demo page, fresh embedded database) shared by the files that do not need their own. */
    sharedHerald: SharedHeraldInfo;
  }
}

/**
 * Once per e2e run: one headless Chromium (each file opens its own contexts in it)
 * and one Herald for the files that only need "the demo page, PUBLIC_URL, mail in
 * the outbox". Starting a server costs seconds on a busy machine; files that need
 * another environment (a fixed clock, an SMTP relay, an empty database) still start
 * their own. Both start together; the teardown stops both and removes the data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-e2e-shared-'));
  const logFile = path.join(dataDir, 'herald.log');
  const env = heraldEnv({ HERALD_DATA_DIR: dataDir, ...SHARED_HERALD_SETTINGS });
  const launching = chromium.launchServer({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  // PGlite's initialised database, copied into every server's new data directory by
  // startHerald (the servers still migrate and seed it as on a first start).
  const removeTemplates = await buildDatabaseTemplates({ migrated: false, postgresUrl: null }).catch(async (error: unknown) => {
    await (await launching).close();
    throw error;
  });
  const [browserServer, herald] = await Promise.all([
    launching,
    startHerald(env, 150_000), // a busy machine starts slowly
  ]);
  // The server's output goes to a file the files can read back in their failure messages.
  const log = createWriteStream(logFile);
  log.write(herald.output());
  herald.child.stdout?.pipe(log);
  herald.child.stderr?.pipe(log);
  project.provide('browserWsEndpoint', browserServer.wsEndpoint());
  project.provide('sharedHerald', { url: herald.url, dataDir, env: env as Record<string, string>, logFile });
  return async () => {
    await browserServer.close();
    await herald.stop();
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
    await removeTemplates();
  };
}
