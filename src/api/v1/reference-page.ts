import { SCOPE_HINTS, SCOPES } from '../../tokens/scopes.ts';
import { OPERATIONS } from './openapi.ts';

/** pages/docs/api.astro: the readable reference, from the same list as /api/v1/openapi.json. */
export interface ApiReferenceView {
  base: string;
  pageId: string;
  operations: { method: string; path: string; summary: string; scopes: string }[];
  scopes: { scope: string; hint: string }[];
  curl: string;
}

export function apiReference(publicUrl: string, pageId: string): ApiReferenceView {
  const base = `${publicUrl}/api/v1`;
  return {
    base,
    pageId,
    operations: OPERATIONS.map((op) => ({ method: op.method.toUpperCase(), path: op.path.replace('{page_id}', pageId), summary: op.summary, scopes: op.scopes.join(' or ') })),
    scopes: SCOPES.map((scope) => ({ scope, hint: SCOPE_HINTS[scope] })),
    curl: [
      `curl -X POST ${base}/pages/${pageId}/incidents \\`,
      '  -H "Authorization: OAuth $HERALD_TOKEN" \\',
      `  -d 'incident[name]=Search is slow' -d 'incident[status]=investigating' \\`,
      `  -d 'incident[body]=We are looking into slow searches.' \\`,
      `  -d 'incident[components][<component id>]=degraded_performance'`,
    ].join('\n'),
  };
}
