import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { insertDirectDelivery } from '../../db/queries/deliveries.ts';
import { listOpenIncidentSummaries } from '../../db/queries/incident-admin.ts';
import { listIncidentLeadContacts } from '../../db/queries/incident-roles.ts';
import { insertOverdueNudge } from '../../db/queries/overdue-nudges.ts';
import { insertTimelineEvent } from '../../db/queries/timeline-events.ts';
import type { Services } from '../services.ts';
import { cadenceStatus } from './cadence.ts';
import type { OverdueNudgePayload } from './overdue-nudge-message.ts';
import { recordOverdueWebhooks } from '../webhooks/record-webhook-event.ts';

export interface OverdueNudgeSummary {
  /** Incidents whose overdue period was nudged by this run. */
  nudged: number;
  /** Messages queued in the outbox. */
  emails: number;
}

const ROLE_LABELS = { commander: 'incident commander', comms_lead: 'communications lead' } as const;

/**
 * Emails the incident commander and the communications lead of every incident whose
 * external update is overdue for its severity's cadence (cadence.ts), once per
 * overdue period. A period is named by the time its update fell due: a new external
 * update (or a new severity or cadence) starts a new one. Run every minute by the
 * `overdue-nudges` job; the overdue_nudges primary key makes a second run, or a
 * second worker, in the same period do nothing. The mail goes through the outbox
 * (deliveries) in the same transaction as the nudge's row, so it is queued exactly
 * when the period is marked nudged. An incident with neither role assigned is still
 * marked: nobody is emailed, and the dashboard keeps flagging it.
 */
export async function notifyOverdueIncidents(services: Pick<Services, 'db' | 'config' | 'now'>): Promise<OverdueNudgeSummary> {
  const now = services.now();
  const [open, targets] = await Promise.all([listOpenIncidentSummaries(services.db), findCadenceTargets(services.db)]);
  const host = new URL(services.config.publicUrl).hostname;
  const summary: OverdueNudgeSummary = { nudged: 0, emails: 0 };
  for (const incident of open) {
    const cadence = cadenceStatus(incident, targets, now);
    if (!cadence.overdue || cadence.dueAt === null || cadence.targetMinutes === null || incident.lastExternalUpdateAt === null) continue;
    const dueAt = cadence.dueAt;
    const targetMinutes = cadence.targetMinutes;
    const lastUpdateAt = incident.lastExternalUpdateAt;
    const queued = await services.db.transaction().execute(async (trx): Promise<number | null> => {
      const contacts = await listIncidentLeadContacts(trx, incident.id);
      if (!(await insertOverdueNudge(trx, { incidentId: incident.id, dueAt, recipients: contacts.length, at: now }))) return null;
      for (const contact of contacts) {
        const payload: OverdueNudgePayload = {
          incidentId: incident.id,
          title: incident.title,
          severity: incident.severity,
          name: contact.name,
          roleLabel: contact.roles.map((role) => ROLE_LABELS[role]).join(' and '),
          targetMinutes,
          lastUpdateAt: lastUpdateAt.toISOString(),
          dueAt: dueAt.toISOString(),
        };
        await insertDirectDelivery(trx, {
          kind: 'overdue-nudge',
          subscriberId: null,
          recipient: contact.email,
          messageId: `overdue-${incident.id}-${dueAt.getTime()}-${contact.userId}@${host}`,
          payload: { ...payload },
          at: now,
        });
      }
      // And to the team's own channels (integrations whose audience is "all").
      await recordOverdueWebhooks(trx, { incidentId: incident.id, dueAt, lastUpdateAt, targetMinutes }, now);
      // On the incident's timeline too: the post-incident review sees when comms lagged and who was told.
      await insertTimelineEvent(trx, {
        incidentId: incident.id,
        kind: 'incident.update_overdue',
        actor: 'Herald',
        details: { dueAt: dueAt.toISOString(), targetMinutes, emailed: contacts.map((contact) => contact.name) },
        occurredAt: now,
      });
      return contacts.length;
    });
    if (queued === null) continue;
    summary.nudged += 1;
    summary.emails += queued;
  }
  return summary;
}
