import type { APIRoute } from 'astro';
import { buildAtom } from '../src/feeds/atom.ts';

export const GET: APIRoute = ({ locals }) =>
  new Response(buildAtom(locals.snapshot), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
