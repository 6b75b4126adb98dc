import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/client.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { StartupError, startServer } from '../server/start.ts';
import { buildIfNeeded } from './build-if-needed.ts';
import type { CliFlags, Command } from './command.ts';
import { pageCommand } from './page-command.ts';
import { tokenCommand } from './token-command.ts';
import { userCommand } from './user-command.ts';
import { webhookCommand } from './webhook-command.ts';
import { workerCommand } from './worker-command.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const log = (message: string): void => console.log(message);

/** Opens the configured database; with the embedded one, joins a running server's. */
async function withDatabase<T>(config: Config, work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, shareEmbedded: true });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'Start the web server (builds first when the build is missing or stale).',
    usage: 'herald start [--no-build]\n\nServes on HOST:PORT (default 127.0.0.1:4321). Applies migrations. On an empty\nembedded database it loads the demo page unless HERALD_DEMO=0.',
    async run(config, flags): Promise<number> {
      if (!flags.noBuild) buildIfNeeded(ROOT, log);
      const server = await startServer(config, { distDir: path.join(ROOT, 'dist'), log });
      const where = server.database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
      log(`Herald is serving ${server.url} (${where}); public URL ${config.publicUrl}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      log('Shutting down…');
      await server.close();
      return 0;
    },
  },
  migrate: {
    summary: 'Apply pending database migrations.',
    usage: 'herald migrate\n\nApplies every pending migration in db/migrations to the configured database.',
    async run(config): Promise<number> {
      const { applied } = await withDatabase(config, (db) => migrateToLatest(db));
      log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
      return 0;
    },
  },
  user: userCommand,
  page: pageCommand,
  token: tokenCommand,
  webhook: webhookCommand,
  worker: workerCommand,
  'seed-demo': {
    summary: 'Load the demo status page into an empty database.',
    usage: 'herald seed-demo\n\nFills an empty database (embedded or DATABASE_URL) with about 12 components,\n90 days of incident history, one active incident and one upcoming maintenance.',
    async run(config): Promise<number> {
      const summary = await withDatabase(config, async (db) => {
        await migrateToLatest(db);
        return seedDemo(db, { now: config.clock() });
      });
      log(`Demo loaded: ${summary.groups} groups, ${summary.components} components, ${summary.incidents} incidents, ${summary.updates} updates.`);
      return 0;
    },
  },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: herald <command> [options]   (npm run herald -- <command>)\n\nCommands:\n${lines.join('\n')}\n\nRun "herald <command> --help" for a command's details. Configuration comes from the\nenvironment (PORT, HOST, PUBLIC_URL, DATABASE_URL, HERALD_DATA_DIR, …): see the README.`;
}

/** Runs one CLI command; returns the process exit code. Errors become one clear line. */
export async function runCli(positionals: string[], flags: CliFlags): Promise<number> {
  const [name] = positionals;
  if (name === undefined || name === 'help') {
    log(overview());
    return name === undefined && !flags.help ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${overview()}`);
    return 2;
  }
  if (flags.help) {
    log(command.usage);
    return 0;
  }
  try {
    return await command.run(loadConfig(), flags);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError || (error as Error).name === 'DatabaseUnavailableError' || (error as Error).name === 'BuildMissingError') {
      console.error(`herald: ${(error as Error).message}`);
      return 1;
    }
    console.error(`herald ${name} failed: ${(error as Error).message}`);
    return 1;
  }
}
