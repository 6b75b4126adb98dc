import type { APIRoute } from 'astro';
import { buildActionItemsCsv } from '../../src/action-items/action-items-csv.ts';
import { loadActionItemsList } from '../../src/action-items/action-items-page.ts';

/** /admin/action-items as CSV, with the same filters (the list's query string). */
export const GET: APIRoute = async ({ locals, url }) => {
  const view = await loadActionItemsList(locals.services, locals.user!, url.searchParams);
  return new Response(buildActionItemsCsv(view.items), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="action-items-${view.today}.csv"`,
    },
  });
};
