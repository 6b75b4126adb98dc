import type { APIRoute } from 'astro';
import { buildRss } from '../../../src/feeds/rss.ts';
import { findComponent } from '../../../src/status/component-view.ts';
import { notFoundText } from '../../../src/status/not-found.ts';

export const GET: APIRoute = ({ locals, params }) => {
  const component = findComponent(locals.snapshot, params.id ?? '');
  if (component === null) return notFoundText('No such component.');
  return new Response(buildRss(locals.snapshot, component.id), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
};
