// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

// Routes live in top-level pages/ (DESIGN.md), so the source root is the project root.
// The adapter builds in middleware mode: src/server/ owns the node:http server, answers
// the public snapshot routes from memory and hands everything else to Astro.
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
  adapter: node({ mode: 'middleware' }),
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  // src/http/middleware.ts checks the origin of every state change, JSON included.
  security: { checkOrigin: false },
  integrations: [heraldMiddleware],
  vite: { build: { sourcemap: false } },
});
