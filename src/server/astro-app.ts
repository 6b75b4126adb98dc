import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The request handler @astrojs/node builds in middleware mode. */
export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
  locals?: object,
) => Promise<void>;

export interface RenderedPage {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface AstroApp {
  /** Handles a live request (anything that is not served from the snapshot cache). */
  handle(req: IncomingMessage, res: ServerResponse, locals: App.Locals): Promise<void>;
  /** Renders a path once, for the cache, with the given locals. */
  render(pathAndQuery: string, locals: App.Locals): Promise<RenderedPage>;
  close(): Promise<void>;
}

export class BuildMissingError extends Error {
  override name = 'BuildMissingError';
}

export function serverEntryPath(distDir: string): string {
  return path.join(distDir, 'server', 'entry.mjs');
}

/**
 * Loads the built Astro app. Pages are rendered for the snapshot cache through a
 * private HTTP server on the loopback interface: Astro's handler wants real
 * Node requests, and this keeps Astro exactly as it runs for live requests.
 */
export async function loadAstroApp(distDir: string): Promise<AstroApp> {
  const entry = serverEntryPath(distDir);
  if (!existsSync(entry)) {
    throw new BuildMissingError(`No build found at ${entry}. Run "npm run build" first (npm start builds when needed).`);
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };

  // Each render request carries a ticket naming the locals to render with.
  const pending = new Map<string, App.Locals>();
  let nextTicket = 0;
  const internal = http.createServer((req, res) => {
    const ticket = String(req.headers['x-herald-render'] ?? '');
    const locals = pending.get(ticket);
    if (!locals) {
      res.writeHead(403).end();
      return;
    }
    void handler(req, res, undefined, locals);
  });
  internal.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  const { port } = internal.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  return {
    handle: (req, res, locals) => handler(req, res, undefined, locals),
    render(pathAndQuery, locals): Promise<RenderedPage> {
      const ticket = `${process.pid}-${(nextTicket += 1)}-${Math.random().toString(36).slice(2)}`;
      pending.set(ticket, locals);
      return new Promise<RenderedPage>((resolve, reject) => {
        const request = http.get(
          { host: '127.0.0.1', port, path: pathAndQuery, agent, headers: { 'x-herald-render': ticket, host: 'localhost' } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(response.headers)) {
                if (typeof value === 'string') headers[name] = value;
              }
              resolve({ status: response.statusCode ?? 500, headers, body: Buffer.concat(chunks) });
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
      }).finally(() => pending.delete(ticket));
    },
    async close(): Promise<void> {
      agent.destroy();
      await new Promise<void>((resolve) => internal.close(() => resolve()));
    },
  };
}
