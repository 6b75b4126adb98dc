import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-27T08-00-initial.ts';
import * as hub from './2026-11-27T09-00-hub.ts';
import * as subscribers from './2026-11-27T10-00-subscribers.ts';
import * as appSecrets from './2026-11-27T10-30-app-secrets.ts';
import * as loginThrottle from './2026-11-29T10-00-login-throttle.ts';
import * as mailDelivery from './2026-11-29T11-00-mail-delivery.ts';
import * as componentClaims from './2026-11-29T12-00-component-claims.ts';
import * as updatePublishBlocked from './2026-11-29T12-00-update-publish-blocked.ts';
import * as maintenanceChanges from './2026-11-29T14-00-maintenance-changes.ts';
import * as overdueNudges from './2026-11-29T15-00-overdue-nudges.ts';
import * as pageBrand from './2026-11-29T16-00-page-brand.ts';
import * as userInvites from './2026-11-29T16-00-user-invites.ts';
import * as apiTokens from './2026-11-29T17-00-api-tokens.ts';
import * as inviteMail from './2026-11-29T17-00-invite-mail.ts';
import * as maintenanceRemindAt from './2026-11-29T17-00-maintenance-remind-at.ts';
import * as pageFavicon from './2026-11-29T17-00-page-favicon.ts';
import * as webhookEndpoints from './2026-11-29T17-00-webhook-endpoints.ts';
import * as alertIntake from './2026-11-29T17-30-alert-intake.ts';
import * as maintenanceCorrection from './2026-11-29T17-30-maintenance-correction.ts';
import * as deliveryKinds from './2026-11-29T18-00-delivery-kinds.ts';
import * as webhookSubscribers from './2026-11-29T19-00-webhook-subscribers.ts';
import * as learning from './2026-11-30T08-00-learning.ts';
import * as pageVersionNotify from './2026-11-30T08-30-page-version-notify.ts';
import * as incidentApiFields from './2026-11-30T09-00-incident-api-fields.ts';
import * as postmortemSettings from './2026-11-30T11-00-postmortem-settings.ts';
import * as runbooks from './2026-11-30T12-00-runbooks.ts';
import * as languages from './2026-11-30T13-00-languages.ts';

/**
 * Every migration, by name, in the order they apply. Listed statically (rather than
 * read from the folder) so that bundlers and the type checker see them.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-27T08-00-initial': initial,
  '2026-11-27T09-00-hub': hub,
  '2026-11-27T10-00-subscribers': subscribers,
  '2026-11-27T10-30-app-secrets': appSecrets,
  '2026-11-29T10-00-login-throttle': loginThrottle,
  '2026-11-29T11-00-mail-delivery': mailDelivery,
  '2026-11-29T12-00-component-claims': componentClaims,
  '2026-11-29T12-00-update-publish-blocked': updatePublishBlocked,
  '2026-11-29T14-00-maintenance-changes': maintenanceChanges,
  '2026-11-29T15-00-overdue-nudges': overdueNudges,
  '2026-11-29T16-00-page-brand': pageBrand,
  '2026-11-29T16-00-user-invites': userInvites,
  '2026-11-29T17-00-api-tokens': apiTokens,
  '2026-11-29T17-00-invite-mail': inviteMail,
  '2026-11-29T17-00-maintenance-remind-at': maintenanceRemindAt,
  '2026-11-29T17-00-page-favicon': pageFavicon,
  '2026-11-29T17-00-webhook-endpoints': webhookEndpoints,
  '2026-11-29T17-30-alert-intake': alertIntake,
  '2026-11-29T17-30-maintenance-correction': maintenanceCorrection,
  '2026-11-29T18-00-delivery-kinds': deliveryKinds,
  '2026-11-29T19-00-webhook-subscribers': webhookSubscribers,
  '2026-11-30T08-00-learning': learning,
  '2026-11-30T08-30-page-version-notify': pageVersionNotify,
  '2026-11-30T09-00-incident-api-fields': incidentApiFields,
  '2026-11-30T11-00-postmortem-settings': postmortemSettings,
  '2026-11-30T12-00-runbooks': runbooks,
  '2026-11-30T13-00-languages': languages,
};
