import { newId } from '../../db/ids.ts';
import { insertSubscriber, replaceSubscriberComponents } from '../../db/queries/subscribers.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { auditActor } from '../users/audit.ts';
import { type ComponentChoiceGroup, listComponentChoices } from './component-choices.ts';
import { parseCsv } from './csv.ts';
import { emailAddress } from './email-address.ts';
import { subscriberTokenHash } from './links.ts';

export const IMPORT_MAX_LINES = 5000;

export type ImportLineStatus = 'imported' | 'exists' | 'error' | 'skipped';

export interface ImportLine {
  line: number;
  email: string;
  status: ImportLineStatus;
  message: string;
}

export interface ImportPlanLine {
  line: number;
  email: string;
  /** Component ids; null for all components. */
  componentIds: string[] | null;
}

/**
 * Checks every line (pure): `email[,components by name separated by ;]`, an optional
 * header line starting with "email", blank lines skipped, duplicates within the
 * file reported. Lines with errors are reported and left out; the rest are planned.
 */
export function planImport(text: string, choices: readonly ComponentChoiceGroup[]): { plan: ImportPlanLine[]; report: ImportLine[] } {
  const byName = new Map(choices.flatMap((g) => g.components).map((c) => [c.name.trim().toLowerCase(), c.id]));
  const plan: ImportPlanLine[] = [];
  const report: ImportLine[] = [];
  const seen = new Set<string>();
  parseCsv(text).forEach((cells, index) => {
    const line = index + 1;
    const raw = cells[0] ?? '';
    if (cells.every((cell) => cell.trim() === '')) return;
    if (index === 0 && raw.trim().toLowerCase() === 'email') {
      report.push({ line, email: '', status: 'skipped', message: 'Header line' });
      return;
    }
    if (cells.length > 2) {
      report.push({ line, email: raw, status: 'error', message: 'Expected at most two columns: email, components (separated by ;)' });
      return;
    }
    const parsed = emailAddress.safeParse(raw);
    if (!parsed.success) {
      report.push({ line, email: raw, status: 'error', message: parsed.error.issues[0]?.message ?? 'Not an email address' });
      return;
    }
    const email = parsed.data;
    if (seen.has(email.toLowerCase())) {
      report.push({ line, email, status: 'error', message: 'This address appears earlier in the file' });
      return;
    }
    const names = (cells[1] ?? '').split(';').map((name) => name.trim()).filter((name) => name !== '');
    const unknown = names.filter((name) => !byName.has(name.toLowerCase()));
    if (unknown.length > 0) {
      report.push({ line, email, status: 'error', message: `No component named ${unknown.map((n) => `"${n}"`).join(', ')}` });
      return;
    }
    seen.add(email.toLowerCase());
    plan.push({ line, email, componentIds: names.length === 0 ? null : [...new Set(names.map((n) => byName.get(n.toLowerCase())!))] });
  });
  return { plan, report };
}

export type ImportResult = { ok: true; lines: ImportLine[]; imported: number } | { ok: false; error: string };

/**
 * Imports addresses as CONFIRMED subscribers, with no confirmation email: the
 * operator vouches that these people asked for updates (e.g. moved from another
 * provider). Existing addresses are left as they are. Needs 'subscriber.manage' (admins; a
 * subscribers:write token, which the API uses for skip_confirmation_notification).
 */
export async function importSubscribers(services: Services, actor: Actor, text: string): Promise<ImportResult> {
  requirePermission(actor, 'subscriber.manage');
  if (text.trim() === '') return { ok: false, error: 'Paste some lines or choose a CSV file.' };
  if (text.split(/\r?\n/).length > IMPORT_MAX_LINES + 1) return { ok: false, error: `At most ${IMPORT_MAX_LINES} lines at a time.` };
  const choices = await listComponentChoices(services.db);
  const { plan, report } = planImport(text, choices);
  const now = services.now();
  let imported = 0;
  for (const entry of plan) {
    const id = newId();
    const tokenHash = await subscriberTokenHash(services.db, id);
    const inserted = await services.db.transaction().execute(async (trx) => {
      const created = await insertSubscriber(trx, {
        id,
        email: entry.email,
        status: 'confirmed',
        tokenHash,
        confirmationHash: null,
        confirmationExpiresAt: null,
        allComponents: entry.componentIds === null,
        now,
        confirmedAt: now,
      });
      if (created && entry.componentIds !== null) await replaceSubscriberComponents(trx, id, entry.componentIds);
      return created;
    });
    if (inserted) imported += 1;
    report.push({ line: entry.line, email: entry.email, status: inserted ? 'imported' : 'exists', message: inserted ? 'Imported as confirmed' : 'Already a subscriber: left as it was' });
  }
  report.sort((a, b) => a.line - b.line);
  const count = (status: ImportLineStatus): number => report.filter((line) => line.status === status).length;
  await insertTimelineEvent(services.db, {
    kind: 'subscribers.imported',
    ...auditActor(actor),
    details: { imported, existing: count('exists'), errors: count('error'), lines: report.length },
    occurredAt: now,
  });
  return { ok: true, lines: report, imported };
}
