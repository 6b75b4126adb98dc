/**
 * npm run bench:render — how long Astro takes to render every snapshot route once,
 * as the page cache does after each snapshot change (src/server/page-cache.ts).
 *
 * Needs a build (npm run build). Loads the demo into an embedded database in a
 * temporary directory, builds the snapshot, then renders each route the cache
 * holds (the eager routes, every incident, every history month, the incident 404)
 * through the built app: one cold pass, then BENCH_PASSES (10) timed passes. Prints
 * the median pass's wall time and CPU time (the CPU time is the steadier number on
 * a shared machine) and the routes per second.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { createMailer } from '../src/mail/create-mailer.ts';
import type { Services } from '../src/services.ts';
import { loadAstroApp } from '../src/server/astro-app.ts';
import { EAGER_PATHS } from '../src/server/public-routes.ts';
import { loadSnapshot } from '../src/status/load-snapshot.ts';
import { ROOT } from '../tests/support/herald-process.ts';

const PASSES = Number(process.env['BENCH_PASSES'] ?? 10);
/** Fixed, so every run renders the same demo page. */
const NOW = new Date('2026-11-20T12:00:00Z');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-render-'));
const config = loadConfig({ HERALD_DATA_DIR: dataDir, HERALD_CLOCK_START: NOW.toISOString() });
const database = await openDatabase({ databaseUrl: null, dataDir });
try {
  await migrateToLatest(database.db);
  await seedDemo(database.db, { now: NOW });
  const snapshot = await loadSnapshot(database.db, { now: NOW, publicUrl: config.publicUrl });
  const app = await loadAstroApp(path.join(ROOT, 'dist'));
  const unused = (): Promise<void> => Promise.reject(new Error('not in the bench'));
  const services: Services = {
    db: database.db,
    config,
    now: config.clock,
    refreshSnapshot: () => {},
    jobs: { schedulePublish: unused, scheduleMaintenance: unused },
    mailer: createMailer(config),
  };
  const locals: App.Locals = { snapshot, staleSince: null, services, user: null, session: null, clientAddress: 'internal', listenOrigins: [] };
  const months = [...new Set(snapshot.incidents.map((incident) => incident.startedAt.slice(0, 7)))];
  const routes = [
    ...EAGER_PATHS,
    ...snapshot.incidents.map((incident) => `/incidents/${incident.id}`),
    ...months.map((month) => `/history?month=${month}`),
    '/incidents/-',
  ];

  /** Wall time and this process's CPU time (user + system) for one pass, in ms. */
  const pass = async (): Promise<{ wall: number; cpu: number }> => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (const route of routes) {
      const page = await app.render(route, locals);
      if (page.status !== 200 && route !== '/incidents/-') throw new Error(`${route} answered ${page.status}`);
    }
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
  };
  const cold = await pass();
  const passes: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < PASSES; i += 1) passes.push(await pass());
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const wall = median(passes.map((p) => p.wall));
  const cpu = median(passes.map((p) => p.cpu));
  console.log(
    `Rendered ${routes.length} snapshot routes: cold ${cold.wall.toFixed(1)} ms; median of ${PASSES} passes ${wall.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU (${Math.round((routes.length * 1000) / wall)} routes/s)`,
  );
  await services.mailer.close();
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
