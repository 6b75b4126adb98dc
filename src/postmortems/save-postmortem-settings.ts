import { savePostmortemSettingsRow } from '../../db/queries/postmortems.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import { POSTMORTEM_SECTIONS, type PostmortemSection } from '../domain/learning.ts';
import { ok, type Result } from '../domain/result.ts';
import { parseInput } from '../domain/validation.ts';
import type { Severity } from '../domain/types.ts';
import type { Services } from '../services.ts';
import { postmortemSettingsSchema } from './schemas.ts';

/** Saves when postmortems are due, which severities require one, and the template (admins). */
export async function savePostmortemSettings(services: Services, actor: Actor, input: unknown): Promise<Result<null>> {
  requirePermission(actor, 'settings.manage');
  const parsed = parseInput(postmortemSettingsSchema, input);
  if (!parsed.ok) return parsed;
  const value = parsed.value as { dueBusinessDays: number; requiredSeverities: Severity[] } & Record<string, unknown>;
  const template = Object.fromEntries(POSTMORTEM_SECTIONS.map((s) => [s, String(value[`template_${s}`] ?? '')])) as Record<PostmortemSection, string>;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await savePostmortemSettingsRow(trx, { dueBusinessDays: value.dueBusinessDays, requiredSeverities: value.requiredSeverities, template }, now);
    await insertTimelineEvent(trx, {
      kind: 'settings.postmortems_changed',
      actor: actor.name,
      actorId: actor.id,
      occurredAt: now,
      details: { dueBusinessDays: value.dueBusinessDays, requiredSeverities: value.requiredSeverities },
    });
  });
  return ok(null);
}
