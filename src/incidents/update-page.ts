import { listComponentGroups } from '../../db/queries/component-groups.ts';
import { listComponents } from '../../db/queries/components.ts';
import { findIncidentDetail } from '../../db/queries/incident-admin.ts';
import { listUpdateTemplates } from '../../db/queries/update-templates.ts';
import { findUpdateById } from '../../db/queries/updates.ts';
import { type Actor, can } from '../auth/permissions.ts';
import type { Component, ComponentGroup, UpdateTemplate } from '../domain/types.ts';
import type { Services } from '../services.ts';
import type { TimeZone } from '../time/time-zone.ts';
import { isoToLocalInput } from '../time/wall-clock.ts';
import { type ComposerRecipients, loadComposerRecipients } from './composer-audience.ts';
import { buildEmailPreview, type EmailPreview } from './composer-email-preview.ts';
import { composerFieldIds, type ComposerValues } from './composer-form.ts';
import type { UpdatePagePosted } from './update-page-action.ts';
import type { IncidentDetail, StoredUpdate, UpdateView } from '../domain/incident-views.ts';

/** The update an edit address names: its incident, or where a maintenance update is edited instead. */
export type UpdateTarget = { redirect: string } | { stored: StoredUpdate | null; incidentId: string };

export async function findUpdateTarget(services: Services, id: string): Promise<UpdateTarget> {
  const stored = await findUpdateById(services.db, id);
  // Maintenance updates are edited on their maintenance's page.
  if (stored && stored.incidentId === null && stored.maintenanceId !== null) return { redirect: `/admin/maintenance/${stored.maintenanceId}` };
  return { stored, incidentId: stored?.incidentId ?? '' };
}

/** What pages/admin/updates/[id].astro renders. */
export interface UpdatePageView {
  incident: IncidentDetail | null;
  /** null: no incident update with this id (the page answers 404). */
  update: UpdateView | null;
  /** Only drafts and scheduled updates can be changed. */
  editable: boolean;
  /** A scheduled update's time is shown in the zone it was read in; the zone select is fixed. */
  tzFixed: boolean;
  composer: ComposerValues;
  components: Component[];
  groups: ComponentGroup[];
  templates: UpdateTemplate[];
  fieldIds: Record<string, string>;
  /** Component names the preview lists: the incident's and the ones picked in the composer. */
  previewComponents: string[];
  canPublish: boolean;
  /** Who each of the composer's actions would notify now. */
  recipients: ComposerRecipients;
  /** With "Preview": the email the update would send, built as the real one is. */
  emailPreview: EmailPreview | null;
}

export async function loadUpdatePage(
  services: Services,
  actor: Actor,
  target: { stored: StoredUpdate | null; incidentId: string },
  zone: TimeZone,
  posted: UpdatePagePosted | null,
): Promise<UpdatePageView> {
  const id = target.stored?.id ?? '';
  const [incident, templates] = await Promise.all([
    target.incidentId ? findIncidentDetail(services.db, target.incidentId) : null,
    listUpdateTemplates(services.db),
  ]);
  const update = incident?.updates.find((u) => u.id === id) ?? null;
  const [components, groups] = update ? await Promise.all([listComponents(services.db), listComponentGroups(services.db)]) : [[], []];
  const sent = posted?.values ?? null;
  const composer: ComposerValues = sent ?? {
    audience: update?.audience ?? 'external',
    status: update?.status ?? 'investigating',
    body: update?.body ?? '',
    notify: update?.deliverNotifications ?? true,
    components: Object.fromEntries((update?.componentChanges ?? []).map((c) => [c.componentId, c.newStatus])),
    scheduledFor: update?.scheduledFor ? isoToLocalInput(update.scheduledFor, zone) : '',
    tz: zone,
    templateId: '',
  };
  const componentNames = new Map(components.map((c) => [c.id, c.name]));
  const recipients = await loadComposerRecipients(services.db, [...(incident?.components.map((c) => c.id) ?? []), ...Object.keys(composer.components)]);
  const emailPreview =
    incident && posted?.preview ? await buildEmailPreview(services.db, services.config, { incident, values: composer, recipients, componentNames, now: services.now() }) : null;
  return {
    recipients,
    emailPreview,
    incident,
    update,
    editable: update !== null && (update.state === 'draft' || update.state === 'scheduled'),
    tzFixed: sent === null && update?.scheduledFor != null,
    composer,
    components,
    groups,
    templates,
    fieldIds: composerFieldIds(components),
    previewComponents: incident
      ? [...new Set([...incident.components.map((c) => c.name), ...Object.keys(composer.components).map((c) => componentNames.get(c) ?? '')])].filter(Boolean)
      : [],
    canPublish: can(actor.role, 'update.publish'),
  };
}
