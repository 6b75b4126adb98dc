// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

// Routes live in top-level pages/ (DESIGN.md), so the source root is the project root.
// The adapter builds in middleware mode: src/server/ owns the node:http server, answers
// the public snapshot routes from memory and hands everything else to Astro.

/**
 * @astrojs/node in middleware mode, with src/server/astro-entry.ts as the server entry:
 * that module re-exports the adapter's own entry (`handler`, `options`) and adds an
 * Astro App over the build's manifest, so the page cache renders snapshot pages in
 * process (src/server/astro-app.ts). The adapter resolves its entry the "auto" way
 * (Astro bundles `serverEntrypoint`), so swapping the module is all it takes.
 * @returns {import('astro').AstroIntegration}
 */
function nodeWithHeraldEntry() {
  const integration = node({ mode: 'middleware' });
  const configDone = integration.hooks['astro:config:done'];
  return {
    ...integration,
    hooks: {
      ...integration.hooks,
      'astro:config:done': (options) =>
        configDone?.({
          ...options,
          setAdapter: (adapter) => options.setAdapter({ ...adapter, serverEntrypoint: new URL('./src/server/astro-entry.ts', import.meta.url) }),
        }),
    },
  };
}

/**
 * Registers src/http/middleware.ts (Astro looks for middleware in srcDir, which is the root here).
 * @type {import('astro').AstroIntegration}
 */
const heraldMiddleware = {
  name: 'herald-middleware',
  hooks: {
    'astro:config:setup': ({ addMiddleware }) => {
      addMiddleware({ entrypoint: new URL('./src/http/middleware.ts', import.meta.url), order: 'pre' });
    },
  },
};

export default defineConfig({
  srcDir: '.',
  output: 'server',
  adapter: nodeWithHeraldEntry(),
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  // src/http/middleware.ts checks the origin of every state change, JSON included.
  security: { checkOrigin: false },
  integrations: [heraldMiddleware],
  vite: { build: { sourcemap: false } },
});
