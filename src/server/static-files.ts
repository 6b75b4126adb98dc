import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildCachedResponse, type CachedResponse } from './cached-response.ts';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.woff2': 'font/woff2',
};

function listFiles(dir: string, prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, `${prefix}/${name}`) : [`${prefix}/${name}`];
  });
}

/**
 * The built client files (dist/client), read and compressed once at start.
 * Hashed assets under /_astro/ never change, so browsers may keep them a year.
 */
export function loadStaticFiles(clientDir: string): Map<string, CachedResponse> {
  const files = new Map<string, CachedResponse>();
  for (const urlPath of listFiles(clientDir)) {
    const type = TYPES[path.extname(urlPath)] ?? 'application/octet-stream';
    const cacheControl = urlPath.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
    const body = readFileSync(path.join(clientDir, urlPath));
    files.set(urlPath, buildCachedResponse(200, body, { 'content-type': type, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' }));
  }
  return files;
}
