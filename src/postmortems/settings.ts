import type { Db } from '../../db/client.ts';
import { findPostmortemSettingsRow } from '../../db/queries/postmortems.ts';
import type { PostmortemSettings } from '../domain/postmortem.ts';
import { addBusinessDays } from './business-days.ts';
import { resolveTemplate } from './postmortem-text.ts';

/** The admin's postmortem settings, with the built-in template filling any section left unset. */
export async function loadPostmortemSettings(db: Db): Promise<PostmortemSettings> {
  const row = await findPostmortemSettingsRow(db);
  return { ...row, template: resolveTemplate(row.template) };
}

/** When a postmortem is due: the end (UTC) of the n-th business day after the resolution. */
export function postmortemDueAt(resolvedAt: Date, businessDays: number): Date {
  const day = addBusinessDays(resolvedAt, businessDays);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59));
}
