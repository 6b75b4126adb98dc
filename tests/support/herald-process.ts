import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { copyEmbeddedTemplate } from './database-templates.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface HeraldProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** The environment a test process runs Herald with: nothing inherited but PATH. */
export function heraldEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ASTRO_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1', PORT: '0', ...extra };
}

/**
 * Runs a herald CLI command to completion; returns its exit code and output.
 * `input` is written to its stdin (e.g. a password for `user create`); stdin is
 * closed either way, so a command that reads it never waits.
 */
export function runHerald(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'herald.ts'), ...args], { cwd: ROOT, env });
    child.stdin.end(input ?? '');
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Starts the built server (`herald start --no-build`) and waits until it says
 * where it serves. Rejects with its output if it exits first.
 *
 * On an embedded database not created yet, and in a test run that built database
 * templates (tests/support/database-templates.ts), the data directory first gets a
 * copy of PGlite's freshly initialised, unmigrated database: the server still
 * migrates it and loads the demo as on a first start, but skips PGlite's initdb
 * (seconds on a busy machine). Elsewhere (benches) the server makes its own.
 */
export async function startHerald(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<HeraldProcess> {
  const dataDir = env['HERALD_DATA_DIR'];
  if (dataDir && !env['DATABASE_URL'] && !existsSync(path.join(dataDir, 'pgdata'))) await copyEmbeddedTemplate(dataDir, 'empty');
  return spawnHerald(env, timeoutMs);
}

function spawnHerald(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<HeraldProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'herald.ts'), 'start', '--no-build'], { cwd: ROOT, env });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Herald did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Herald is serving (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          child,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Herald exited with ${code} before serving:\n${output}`));
    });
  });
}

/** Polls `check` until it returns true or the time is up. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
