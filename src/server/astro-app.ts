import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The request handler @astrojs/node builds in middleware mode. */
export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
  locals?: object,
) => Promise<void>;

/** What the page cache uses of Astro's `App` (astro/app): render a web Request. */
export interface AstroRenderer {
  render(
    request: Request,
    options: { locals: object; clientAddress: string; prerenderedErrorPageFetch: (url: string) => Promise<Response> },
  ): Promise<Response>;
}

/** The exports of the built server entry (src/server/astro-entry.ts). */
interface ServerEntry {
  handler: AstroHandler;
  renderer?: AstroRenderer;
}

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
}

export class BuildMissingError extends Error {
  override name = 'BuildMissingError';
}

export function serverEntryPath(distDir: string): string {
  return path.join(distDir, 'server', 'entry.mjs');
}

/** Rendered URLs get this origin, as loopback requests to the server did (`Host: localhost`). */
const RENDER_ORIGIN = 'http://localhost';

/** No page is prerendered, so Astro never has an error page on disk to fetch: never go to the network. */
const noPrerenderedPages = (): Promise<Response> => Promise.resolve(new Response(null, { status: 404 }));

async function renderNotFound(renderer: AstroRenderer, req: IncomingMessage, res: ServerResponse, locals: App.Locals): Promise<void> {
  const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
  // The session cookie comes along: the middleware must see who is signed in, or a
  // signed-in person on a missing /admin/… path is sent to sign in, again and again.
  const headers = new Headers(req.headers.cookie === undefined ? {} : { cookie: req.headers.cookie });
  const response = await renderer.render(new Request(new URL(req.url ?? '/', RENDER_ORIGIN), { method, headers }), {
    locals,
    clientAddress: locals.clientAddress,
    prerenderedErrorPageFetch: noPrerenderedPages,
  });
  const answer: Record<string, string> = {};
  for (const [name, value] of response.headers) answer[name] = value;
  res.writeHead(response.status, answer);
  res.end(method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer()));
}

/**
 * Loads the built Astro app. Live requests go through the adapter's handler.
 * Snapshot pages are rendered in process: a web `Request` handed to the `App` the
 * build exports beside the handler (src/server/astro-entry.ts), the same pages,
 * middleware and manifest as live requests, with no socket in between.
 */
export async function loadAstroApp(distDir: string): Promise<AstroApp> {
  const entry = serverEntryPath(distDir);
  if (!existsSync(entry)) {
    throw new BuildMissingError(`No build found at ${entry}. Run "npm run build" first (npm start builds when needed).`);
  }
  const { handler, renderer } = (await import(pathToFileURL(entry).href)) as ServerEntry;
  if (renderer === undefined) {
    throw new BuildMissingError(`The build at ${entry} is from an older Herald. Run "npm run build" (npm start builds when needed).`);
  }

  return {
    // A path no route matches: the adapter alone would render the 404 page without
    // locals (so without the page's name and brand); render it here with them.
    handle: (req, res, locals) =>
      handler(req, res, () => void renderNotFound(renderer, req, res, locals).catch(() => !res.headersSent && res.writeHead(404).end()), locals),
    async render(pathAndQuery, locals): Promise<RenderedPage> {
      const response = await renderer.render(new Request(new URL(pathAndQuery, RENDER_ORIGIN)), {
        locals,
        clientAddress: locals.clientAddress,
        prerenderedErrorPageFetch: noPrerenderedPages,
      });
      const headers: Record<string, string> = {};
      // A cached public page never carries a cookie (there is no session to refresh).
      for (const [name, value] of response.headers) if (name !== 'set-cookie') headers[name] = value;
      return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
    },
  };
}
