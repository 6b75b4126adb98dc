import { findPageFavicon, savePageFavicon } from '../../db/queries/page.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { brandImageResponse } from './brand-image-response.ts';
import { checkFavicon } from './favicon.ts';
import { DEFAULT_PAGE_NAME } from './site-title.ts';

/**
 * Uploads (bytes) or removes (null) the page's favicon. Without one, the logo is the
 * tab icon, else Herald's own. Stored in the database like the logo. Admins only.
 */
export async function savePageFaviconUseCase(services: Services, actor: Actor, bytes: Uint8Array | null): Promise<Result<{ removed: boolean }>> {
  requirePermission(actor, 'settings.manage');
  const checked = bytes === null ? null : checkFavicon(bytes);
  if (checked && !checked.ok) return checked;
  const favicon = checked?.ok ? checked.value : null;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await savePageFavicon(trx, favicon, DEFAULT_PAGE_NAME, now);
    await insertTimelineEvent(trx, {
      ...auditActor(actor),
      occurredAt: now,
      kind: 'settings.favicon_changed',
      details: favicon ? { bytes: favicon.bytes.length, type: favicon.type } : { removed: true },
    });
  });
  services.refreshSnapshot();
  return ok({ removed: favicon === null });
}

/**
 * The favicon route (pages/brand/favicon.ts), cached like the logo. The policy blocks
 * scripts and sandboxes an SVG opened on its own.
 */
export async function loadFaviconResponse(services: Services, version: string | null): Promise<Response> {
  return brandImageResponse(await findPageFavicon(services.db), version, 'favicon', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
}
