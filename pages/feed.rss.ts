import type { APIRoute } from 'astro';
import { buildRss } from '../src/feeds/rss.ts';

export const GET: APIRoute = ({ locals }) =>
  new Response(buildRss(locals.snapshot), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
