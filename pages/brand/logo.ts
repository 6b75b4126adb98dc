import type { APIRoute } from 'astro';
import { loadLogoResponse } from '../../src/settings/save-page-logo.ts';

/** The page's logo (and favicon), stored in the database; see loadLogoResponse for caching. */
export const GET: APIRoute = ({ locals, url }) => loadLogoResponse(locals.services, url.searchParams.get('v'));
