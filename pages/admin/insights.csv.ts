import type { APIRoute } from 'astro';
import { exportInsightsCsv } from '../../src/insights/load-insights.ts';

// Viewers and up ('internal.view'), checked by the use case.
export const GET: APIRoute = async ({ locals, url, cookies }) => {
  const csv = await exportInsightsCsv(locals.services, locals.user!, url.searchParams, cookies.get('herald_tz')?.value);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="insights.csv"',
      'cache-control': 'no-store',
    },
  });
};
