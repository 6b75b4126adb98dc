// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

// Routes live in top-level pages/ (DESIGN.md), so the source root is the project root.
// The adapter builds in middleware mode: src/server/ owns the node:http server, answers
// the public snapshot routes from memory and hands everything else to Astro.
export default defineConfig({
  srcDir: '.',
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  security: { checkOrigin: true },
  vite: { build: { sourcemap: false } },
});
