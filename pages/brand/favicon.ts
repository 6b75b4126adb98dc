import type { APIRoute } from 'astro';
import { loadFaviconResponse } from '../../src/settings/save-page-favicon.ts';

/** The page's favicon, stored in the database; see loadFaviconResponse for caching. */
export const GET: APIRoute = ({ locals, url }) => loadFaviconResponse(locals.services, url.searchParams.get('v'));
