import type { Db } from '../../db/client.ts';
import { countUpdateTemplates, insertUpdateTemplate, lockUpdateTemplates } from '../../db/queries/update-templates.ts';
import type { IncidentStatus } from '../domain/types.ts';

/** Starting points in the plain, calm wording of Atlassian Statuspage's defaults. */
export const DEFAULT_TEMPLATES: readonly { name: string; status: IncidentStatus; body: string }[] = [
  {
    name: 'Investigating',
    status: 'investigating',
    body:
      'We are currently investigating an issue affecting {{components}}. ' +
      'Some requests may fail or be slower than usual. We will post an update as soon as we know more.',
  },
  {
    name: 'Identified',
    status: 'identified',
    body: 'The issue affecting {{components}} has been identified and a fix is being implemented. We will post another update as the fix rolls out.',
  },
  {
    name: 'Resolved',
    status: 'resolved',
    body:
      'This incident has been resolved: everything affected ({{components}}) is operating normally again. ' +
      'We are sorry for the disruption and will share what we learn from it.',
  },
];

/**
 * Seeds the default update templates when there are none at all, so a new page
 * has something to start from, while templates someone deleted on purpose stay
 * deleted once there are others. Safe when several processes start together.
 * Returns how many templates it added.
 */
export async function ensureDefaultTemplates(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockUpdateTemplates(trx);
    if ((await countUpdateTemplates(trx)) > 0) return 0;
    for (const template of DEFAULT_TEMPLATES) await insertUpdateTemplate(trx, { ...template, createdAt: now });
    return DEFAULT_TEMPLATES.length;
  });
}
