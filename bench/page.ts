/**
 * npm run bench:page — how fast the public page is served, against the practical
 * limit of this machine: a plain node:http server returning the same bytes.
 *
 * Builds, starts the production server on the demo data (embedded database in a
 * temporary directory), loads `/` with autocannon (50 connections, 10 s), then
 * does the same against the plain server. Prints req/s, p50, p99, bytes and the
 * ratio ours/limit, and the page weight (HTML + CSS + JS, compressed, requests).
 * Targets on the 2-core machine: ratio >= 0.5, p99 <= 50 ms, <= 30 KB in <= 3 requests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { heraldEnv, ROOT, startHerald } from '../tests/support/herald-process.ts';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 10);

interface Result {
  requests: number;
  p50: number;
  p99: number;
  bytes: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Result> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, pipelining: 1, headers });
  return {
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: result.throughput.average / Math.max(result.requests.average, 1),
    errors: result.errors + result.non2xx,
  };
}

async function pageWeight(base: string): Promise<{ bytes: number; requests: number }> {
  const headers = { 'accept-encoding': 'br, gzip' };
  const page = await fetch(`${base}/`, { headers });
  const html = await page.text();
  const size = async (response: Response): Promise<number> => Number(response.headers.get('content-length') ?? (await response.arrayBuffer()).byteLength);
  let bytes = Number(page.headers.get('content-length'));
  const assets = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"/g)].map((m) => m[1] ?? '');
  for (const asset of assets) bytes += await size(await fetch(new URL(asset, base), { headers }));
  return { bytes, requests: 1 + assets.length };
}

function rawGet(url: string, encoding: string): Promise<{ headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string' && !['date', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
        }
        resolve({ headers, body: Buffer.concat(chunks) });
      });
    }).on('error', reject);
  });
}

const row = (name: string, r: Result): string =>
  `${name.padEnd(16)} ${r.requests.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   ${(r.bytes / 1024).toFixed(1)} KB/response   errors ${r.errors}`;

console.log('Building…');
execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
const herald = await startHerald(heraldEnv({ HERALD_DATA_DIR: dataDir }));
try {
  // The same bytes, headers and all, as Herald sends for each encoding.
  const variants = new Map<string, { headers: Record<string, string>; body: Buffer }>();
  for (const encoding of ['identity', 'br']) {
    variants.set(encoding, await rawGet(`${herald.url}/`, encoding));
  }
  const plain = http.createServer((req, res) => {
    const variant = variants.get(/\bbr\b/.test(req.headers['accept-encoding'] ?? '') ? 'br' : 'identity');
    if (!variant) throw new Error('unreachable');
    res.writeHead(200, variant.headers);
    res.end(variant.body);
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;

  const weight = await pageWeight(herald.url);
  console.log(`Page weight: ${(weight.bytes / 1024).toFixed(1)} KB transferred (brotli) in ${weight.requests} request(s); HTML ${((variants.get('identity')?.body.length ?? 0) / 1024).toFixed(1)} KB uncompressed`);
  for (const [label, headers] of [
    ['no compression', {}],
    ['Accept-Encoding: br', { 'accept-encoding': 'br' }],
  ] as const) {
    console.log(`\nLoading / (${label}) with ${CONNECTIONS} connections for ${DURATION_S} s each…`);
    const ours = await load(`${herald.url}/`, headers);
    const limit = await load(plainUrl, headers);
    console.log(row('herald', ours));
    console.log(row('plain node:http', limit));
    console.log(`ratio ours/limit: ${(ours.requests / limit.requests).toFixed(2)} (target >= 0.5); p99 ${ours.p99} ms (target <= 50 ms)`);
  }
  plain.close();
} finally {
  await herald.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
