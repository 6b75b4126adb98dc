/**
 * The server entry of Herald's Astro build (dist/server/entry.mjs): astro.config.mjs
 * points the @astrojs/node adapter here instead of at its own entry. Bundled by
 * Vite with the pages, so it runs inside the build's module graph, never from src/.
 *
 * - `handler`, `options`: @astrojs/node's middleware-mode entry, unchanged. Live
 *   requests (admin, forms, anything not in the snapshot cache) go through it.
 * - `renderer`: an Astro `App` over the same build manifest (pages, middleware,
 *   settings). The page cache renders snapshot pages with it in process:
 *   `renderer.render(new Request(url), { locals })`. The adapter keeps its own App
 *   private, so this is a second instance over the one manifest (route table and
 *   logger are shared per manifest; an App holds no other state).
 *
 * Not streamed: a cached page is needed whole anyway, and a render that fails half
 * way becomes Astro's error response (which the cache does not keep), not part of a page.
 */
import { createApp } from 'astro/app/entrypoint';

export { handler, options } from '@astrojs/node/server.js';

export const renderer = createApp({ streaming: false });
