import type { APIRoute } from 'astro';
import { exportSubscribers } from '../../../src/subscriptions/export-subscribers.ts';

// Bulk personal data: 'settings.manage', checked by the use case.
export const GET: APIRoute = async ({ locals }) => {
  const csv = await exportSubscribers(locals.services, locals.user!);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="subscribers.csv"',
      'cache-control': 'no-store',
    },
  });
};
