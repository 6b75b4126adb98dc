import { listComponents } from '../../db/queries/components.ts';
import { dismissOnboarding, findOnboardingDismissedAt, findPageSettings } from '../../db/queries/page.ts';
import { countSubscribersByStatus } from '../../db/queries/subscribers.ts';
import { countUsers } from '../../db/queries/users.ts';
import { type Actor, can, requirePermission } from '../auth/permissions.ts';
import type { Services } from '../services.ts';
import { DEFAULT_PAGE_NAME } from './site-title.ts';

/**
 * The first-run checklist on the dashboard: what a new install still needs before
 * a real incident. Shown to admins until every step is done or one of them
 * dismisses it.
 */

export interface OnboardingFacts {
  named: boolean;
  hasLogo: boolean;
  components: number;
  users: number;
  smtpConfigured: boolean;
  subscribers: number;
}

export interface OnboardingStep {
  id: 'brand' | 'components' | 'team' | 'mail' | 'subscribe';
  title: string;
  text: string;
  href: string;
  action: string;
  done: boolean;
}

export interface Onboarding {
  steps: OnboardingStep[];
  doneCount: number;
}

/** Pure: the steps and whether each is done. */
export function buildOnboarding(facts: OnboardingFacts): Onboarding {
  const steps: OnboardingStep[] = [
    {
      id: 'brand',
      title: 'Name your page and add a logo',
      text: 'Customers should recognise your status page at a glance.',
      href: '/admin/settings#page-h',
      action: 'Open settings',
      done: facts.named && facts.hasLogo,
    },
    {
      id: 'components',
      title: 'Add your first components',
      text: 'The services customers depend on: API, dashboard, email delivery…',
      href: '/admin/components',
      action: 'Add components',
      done: facts.components > 0,
    },
    { id: 'team', title: 'Invite the team', text: 'Comms leads and responders get a one-time link and choose their own password.', href: '/admin/users#new-user', action: 'Invite people', done: facts.users > 1 },
    {
      id: 'mail',
      title: 'Check the mail settings',
      text: facts.smtpConfigured ? 'SMTP_URL is set: notifications are sent.' : 'SMTP_URL is not set: notifications are only written to the outbox. Set it to send them.',
      href: '/admin/outbox',
      action: 'Open the outbox',
      done: facts.smtpConfigured,
    },
    { id: 'subscribe', title: 'Try the subscribe form', text: 'Subscribe yourself to see what customers get.', href: '/subscribe', action: 'Open the subscribe form', done: facts.subscribers > 0 },
  ];
  return { steps, doneCount: steps.filter((step) => step.done).length };
}

/** The dashboard's loader: the checklist for admins, or null (not an admin, dismissed or all done). */
export async function loadOnboarding(services: Services, actor: Actor): Promise<Onboarding | null> {
  if (!can(actor.role, 'settings.manage')) return null;
  const db = services.db;
  if ((await findOnboardingDismissedAt(db)) !== null) return null;
  const [settings, components, users, subscribers] = await Promise.all([findPageSettings(db), listComponents(db), countUsers(db), countSubscribersByStatus(db)]);
  const onboarding = buildOnboarding({
    named: settings !== null && settings.name !== DEFAULT_PAGE_NAME,
    hasLogo: settings?.logoType != null,
    components: components.length,
    users,
    smtpConfigured: services.config.smtpUrl !== null,
    subscribers: subscribers.pending + subscribers.confirmed,
  });
  return onboarding.doneCount === onboarding.steps.length ? null : onboarding;
}

/** POST /admin/onboarding: hides the checklist for everyone. Admins only. */
export async function dismissOnboardingAction(services: Services, actor: Actor): Promise<{ redirect: string }> {
  requirePermission(actor, 'settings.manage');
  await dismissOnboarding(services.db, DEFAULT_PAGE_NAME, services.now());
  return { redirect: '/admin' };
}
