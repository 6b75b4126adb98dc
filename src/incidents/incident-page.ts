import { findCadenceTargets } from '../../db/queries/cadence-targets.ts';
import { deliverySummary } from '../../db/queries/deliveries.ts';
import type { DeliverySummary } from '../domain/mail.ts';
import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { listUpdateTemplates } from '../../db/queries/update-templates.ts';
import { listActiveUsers } from '../../db/queries/users-directory.ts';
import { type Actor, can } from '../auth/permissions.ts';
import type { Component, ComponentGroup, UpdateTemplate } from '../domain/types.ts';
import type { FormValues } from '../http/form-fields.ts';
import type { Services } from '../services.ts';
import { displayTimeZone, type TimeZone } from '../time/time-zone.ts';
import { formatZoneAndUtc } from '../time/wall-clock.ts';
import { type CadenceStatus, cadenceStatus } from './cadence.ts';
import { type ComposerRecipients, loadComposerRecipients, rememberedAudience } from './composer-audience.ts';
import { buildEmailPreview, type EmailPreview } from './composer-email-preview.ts';
import { composerFieldIds, type ComposerValues } from './composer-form.ts';
import type { IncidentPagePosted, RolesValues } from './incident-page-action.ts';
import { previewResolution, type ResolutionComponent } from './resolve-incident.ts';
import type { DirectoryUser, IncidentDetail, UpdateView } from '../domain/incident-views.ts';
import { type IncidentAlertsView, loadIncidentAlerts } from '../alerts/triage-views.ts';

/** What pages/admin/incidents/[id].astro renders. */
export interface IncidentPageView {
  /** null: no incident with this id (the page answers 404). */
  incident: IncidentDetail | null;
  now: Date;
  /** The zone times are shown in: the browser's (cookie), or the one the composer just sent. */
  zone: TimeZone;
  canPublish: boolean;
  canManage: boolean;
  canWrite: boolean;
  canNote: boolean;
  components: Component[];
  groups: ComponentGroup[];
  people: DirectoryUser[];
  templates: UpdateTemplate[];
  /** The resolve form's components, each defaulting to what the status rule gives once resolved. */
  resolution: ResolutionComponent[];
  cadence: CadenceStatus | null;
  /** Email delivery per published update that notifies someone. */
  deliveries: { update: UpdateView; summary: DeliverySummary }[];
  composer: ComposerValues;
  /** Who each of the composer's actions would notify now. */
  recipients: ComposerRecipients;
  /** With "Preview": the email the update would send, built as the real one is. */
  emailPreview: EmailPreview | null;
  composerFieldIds: Record<string, string>;
  /** Component names the preview lists: the incident's and the ones picked in the composer. */
  previewComponents: string[];
  componentNames: Map<string, string>;
  roles: RolesValues;
  severityValue: string | null;
  /** The rename form's name as typed (after a refusal), else null: the incident's. */
  titleValue: string | null;
  noteBody: string;
  resolveBody: string;
  resolveNotify: boolean;
  resolveForm: FormValues | null;
  showPreview: boolean;
  templateApplied: string | null;
  /** Errors of the form that was sent; none for the others. */
  formErrors(name: string): Record<string, string>;
  /** The notice after a redirect (`?done=`), and the update it is about (`?update=`). */
  doneText: string | null;
  savedUpdate: UpdateView | null;
  zoneTime(date: Date): string;
  /** Its triage state and the alerts it carries (opened from or attached to alerts). */
  alerts: IncidentAlertsView | null;
}

const DONE: Record<string, string> = {
  declared: 'Incident declared.',
  renamed: 'Incident renamed.',
  published: 'Update published.',
  draft: 'Draft saved. It is listed below and on the dashboard until someone publishes or cancels it.',
  scheduled: 'Update scheduled.',
  cancelled: 'Update cancelled.',
  severity: 'Severity changed.',
  roles: 'Roles saved.',
  note: 'Note added to the timeline.',
  resolved: 'Incident resolved. Its components are set to the statuses chosen on the resolve form.',
};

export async function loadIncidentPage(
  services: Services,
  actor: Actor,
  id: string,
  request: { zoneCookie: string | undefined; done: string | null; doneUpdate: string | null; posted: IncidentPagePosted | null },
): Promise<IncidentPageView> {
  const { posted } = request;
  const now = services.now();
  const zone = displayTimeZone(posted?.composer ? posted.composer.tz : request.zoneCookie);
  const canPublish = can(actor.role, 'update.publish');
  const canManage = can(actor.role, 'incident.manage');
  const [incident, templates, alerts] = await Promise.all([findIncidentDetail(services.db, id), listUpdateTemplates(services.db), loadIncidentAlerts(services, id)]);
  const [components, groups, people, targets] = incident
    ? await Promise.all([listComponents(services.db), listComponentGroups(services.db), listActiveUsers(services.db), findCadenceTargets(services.db)])
    : [[], [], [], { SEV1: null, SEV2: null, SEV3: null }];
  const resolution = incident && canManage && canPublish && incident.resolvedAt === null ? await previewResolution(services.db, incident.id) : [];
  // Subscribers are emailed for external updates with "notify" ticked; the internal list for every internal one.
  const emailed = (incident?.updates ?? []).filter((u) => u.state === 'published' && (u.audience === 'internal' || u.deliverNotifications));
  const deliveries = await Promise.all(emailed.map(async (u) => ({ update: u, summary: await deliverySummary(services.db, u.id) })));

  const audience = posted?.composer || !incident ? 'external' : await rememberedAudience(services.db, incident.id, actor, canPublish);
  const composer: ComposerValues = posted?.composer ?? {
    audience,
    status: incident?.status ?? 'investigating',
    body: '',
    notify: true,
    components: {},
    scheduledFor: '',
    tz: zone,
    templateId: '',
  };
  const componentNames = new Map(components.map((c) => [c.id, c.name]));
  const recipients = await loadComposerRecipients(services.db, [...(incident?.components.map((c) => c.id) ?? []), ...Object.keys(composer.components)]);
  const emailPreview =
    incident && posted?.preview ? await buildEmailPreview(services.db, services.config, { incident, values: composer, recipients, componentNames, now }) : null;
  const previewComponents = incident
    ? [...new Set([...incident.components.map((c) => c.name), ...Object.keys(composer.components).map((cid) => componentNames.get(cid) ?? '')])].filter(Boolean)
    : [];
  return {
    incident,
    now,
    zone,
    canPublish,
    canManage,
    canWrite: can(actor.role, 'update.draft') || can(actor.role, 'update.internal'),
    canNote: can(actor.role, 'note.add'),
    components,
    groups,
    people,
    templates,
    resolution,
    cadence: incident ? cadenceStatus(incident, targets, now) : null,
    deliveries,
    composer,
    recipients,
    emailPreview,
    composerFieldIds: composerFieldIds(components),
    previewComponents,
    componentNames,
    roles: posted?.roles ?? {
      commanderId: incident?.roles.commander?.id ?? '',
      commsLeadId: incident?.roles.commsLead?.id ?? '',
      expertIds: incident?.roles.experts.map((e) => e.id) ?? [],
    },
    severityValue: posted?.severity ?? null,
    titleValue: posted?.title ?? null,
    noteBody: posted?.noteBody ?? '',
    resolveBody: posted?.resolveBody ?? '',
    resolveNotify: posted?.resolveNotify ?? true,
    resolveForm: posted?.resolveForm ?? null,
    showPreview: posted?.preview ?? false,
    templateApplied: posted?.templateApplied ?? null,
    formErrors: (name) => (posted?.form === name ? posted.errors : {}),
    doneText: request.done ? (DONE[request.done] ?? null) : null,
    savedUpdate: incident?.updates.find((u) => u.id === request.doneUpdate) ?? null,
    zoneTime: (date) => formatZoneAndUtc(date, zone),
    alerts,
  };
}
