import { listAuditEventKinds, listAuditEvents } from '../../db/queries/audit-log.ts';
import { listComponents } from '../../db/queries/components.ts';
import { listUsers } from '../../db/queries/users.ts';
import { type Actor, requirePermission } from '../auth/permissions.ts';
import type { FieldErrors } from '../domain/result.ts';
import type { Services } from '../services.ts';
import type { AuditPage } from '../domain/audit-event.ts';
import { type AuditFilterForm, parseAuditFilter } from './audit-filter.ts';
import { type AuditSegment, auditEventSegments } from './describe-event.ts';

export interface AuditLogView {
  form: AuditFilterForm;
  /** Messages for filter fields that could not be read; the log is then not queried. */
  errors: FieldErrors;
  page: AuditPage;
  /** Each event's details in words (component names resolved, instants apart for <Time>), by event id. */
  details: Map<string, AuditSegment[]>;
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
  if (!result.ok) return { form, errors: result.errors, page: { events: [], nextCursor: null }, details: new Map(), kinds, people };
  const [page, components] = await Promise.all([listAuditEvents(services.db, result.value), listComponents(services.db)]);
  // Details keep component ids (names change); the log shows today's names.
  const names = new Map(components.map((component) => [component.id, component.name]));
  const details = new Map(page.events.map((event) => [event.id, auditEventSegments(event, names)]));
  return { form, errors: {}, page, details, kinds, people };
}
