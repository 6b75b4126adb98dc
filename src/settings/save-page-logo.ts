import { findPageLogo, savePageLogo } from '../../db/queries/page.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { ok, type Result } from '../domain/result.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { brandImageResponse } from './brand-image-response.ts';
import { checkLogo } from './logo.ts';
import { DEFAULT_PAGE_NAME } from './site-title.ts';

/**
 * Uploads (bytes) or removes (null) the page's logo, also used as its favicon.
 * Stored in the database so every web process serves the same file. Admins only.
 */
export async function savePageLogoUseCase(services: Services, actor: Actor, bytes: Uint8Array | null): Promise<Result<{ removed: boolean }>> {
  requirePermission(actor, 'settings.manage');
  const checked = bytes === null ? null : checkLogo(bytes);
  if (checked && !checked.ok) return checked;
  const logo = checked?.ok ? checked.value : null;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await savePageLogo(trx, logo, DEFAULT_PAGE_NAME, now);
    await insertTimelineEvent(trx, {
      ...auditActor(actor),
      occurredAt: now,
      kind: 'settings.logo_changed',
      details: logo ? { bytes: logo.bytes.length, width: logo.width, height: logo.height } : { removed: true },
    });
  });
  services.refreshSnapshot();
  return ok({ removed: logo === null });
}

/** The logo route (pages/brand/logo.ts): the stored PNG, cached by version. */
export async function loadLogoResponse(services: Services, version: string | null): Promise<Response> {
  return brandImageResponse(await findPageLogo(services.db), version, 'logo', "default-src 'none'");
}
