/**
 * npm run bench:large-post — what a 300 MB form post costs the server. Starts the
 * built server (embedded database in a temporary directory), samples its resident
 * memory (VmRSS from /proc, every 10 ms) while 300 MB are posted to /subscribe,
 * once with Content-Length and once chunked (the size is only known while it
 * streams), and prints the answer, how long it took, and the peak RSS.
 * Linux only (reads /proc). Run `npm run build` first. BENCH_DATABASE_URL runs it on
 * PostgreSQL instead of the embedded database.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { heraldEnv, startHerald } from '../tests/support/herald-process.ts';

const TOTAL = 300 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 'a');

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Posts TOTAL bytes, 1 MB at a time, never holding more than a chunk here. */
function post(url: string, declared: boolean): Promise<{ status: number | string; ms: number; sentMb: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | string = 'no answer';
    const headers: Record<string, string> = { origin: new URL(url).origin, 'content-type': 'application/x-www-form-urlencoded' };
    if (declared) headers['content-length'] = String(TOTAL);
    const request = http.request(url, { method: 'POST', headers }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => finish());
    });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      request.destroy();
      resolve({ status, ms: Date.now() - started, sentMb: Math.round(sent / 1024 / 1024) });
    };
    request.on('error', () => finish());
    const pump = (): void => {
      while (sent < TOTAL && !done) {
        sent += CHUNK.length;
        if (!request.write(CHUNK)) return void request.once('drain', pump);
      }
      if (!done) request.end();
    };
    pump();
  });
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-post-'));
const databaseUrl = process.env['BENCH_DATABASE_URL'];
const herald = await startHerald(heraldEnv({ HERALD_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }));
try {
  const pid = herald.child.pid ?? 0;
  await fetch(`${herald.url}/`);
  for (const declared of [true, false]) {
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
    const result = await post(`${herald.url}/subscribe`, declared);
    await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    console.log(
      `${declared ? 'Content-Length: 300 MB' : 'chunked 300 MB       '}  answer ${result.status} after ${result.ms} ms (${result.sentMb} MB written by the client)  ` +
        `server RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB`,
    );
  }
} finally {
  await herald.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
