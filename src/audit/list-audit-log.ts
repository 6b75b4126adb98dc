import { listAuditEventKinds, listAuditEvents } from '../../db/queries/audit-log.ts';
import { listUsers } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { FieldErrors } from '../domain/result.ts';
import type { Services } from '../services.ts';
import type { AuditPage } from '../domain/audit-event.ts';
import { type AuditFilterForm, parseAuditFilter } from './audit-filter.ts';

export interface AuditLogView {
  form: AuditFilterForm;
  /** Messages for filter fields that could not be read; the log is then not queried. */
  errors: FieldErrors;
  page: AuditPage;
  /** Choices for the filter's selects. */
  kinds: string[];
  people: { id: string; name: string }[];
}

/**
 * The audit log page: every timeline event, newest first, filtered by the GET
 * parameters. Bad parameters come back as messages for the form, never a 500.
 */
export async function listAuditLog(services: Services, actor: Actor, params: URLSearchParams): Promise<AuditLogView> {
  requirePermission(actor, 'audit.view');
  const { form, result } = parseAuditFilter(params);
  const kinds = await listAuditEventKinds(services.db);
  const people = (await listUsers(services.db)).map((user) => ({ id: user.id, name: user.name }));
  if (!result.ok) return { form, errors: result.errors, page: { events: [], nextCursor: null }, kinds, people };
  const page = await listAuditEvents(services.db, result.value);
  return { form, errors: {}, page, kinds, people };
}
