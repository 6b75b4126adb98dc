import { z } from 'zod';
import { listSubscriberComponentIds, replaceSubscriberComponents, updateSubscriberAllComponents } from '../../db/queries/subscribers.ts';
import type { Services } from '../services.ts';
import { type ComponentChoiceGroup, formList, knownComponentIds, listComponentChoices } from './component-choices.ts';
import { verifySubscriberLinkToken } from './links.ts';
import type { Subscriber } from '../domain/subscriber.ts';

export interface ManageView {
  subscriber: Subscriber;
  choices: ComponentChoiceGroup[];
  /** Ids followed; empty when `subscriber.allComponents`. */
  selected: string[];
}

/** What the manage page shows; null when the link is not valid. */
export async function loadManageView(services: Services, token: string | null): Promise<ManageView | null> {
  const subscriber = token === null ? null : await verifySubscriberLinkToken(services.db, token);
  if (subscriber === null) return null;
  const [choices, selected] = await Promise.all([listComponentChoices(services.db), listSubscriberComponentIds(services.db, subscriber.id)]);
  return { subscriber, choices, selected: subscriber.allComponents ? [] : selected };
}

const schema = z.object({
  components: z.union([z.string(), z.array(z.string())]).optional().transform(formList),
  /** Ids of groups ticked as a whole ("whole group"): expanded to their components. */
  groups: z.union([z.string(), z.array(z.string())]).optional().transform(formList),
});

export type ManageResult = { outcome: 'saved'; view: ManageView } | { outcome: 'invalid' };

/**
 * Changes which components a subscriber follows (none ticked = all). The link token
 * is the authority, as for unsubscribing; the status is left alone, so this never
 * confirms or resubscribes anyone.
 */
export async function changeSubscriptionComponents(services: Services, token: string | null, input: unknown): Promise<ManageResult> {
  const view = await loadManageView(services, token);
  if (view === null) return { outcome: 'invalid' };
  const parsed = schema.parse(input);
  const ids = knownComponentIds(view.choices, parsed.components, parsed.groups);
  await services.db.transaction().execute(async (trx) => {
    await updateSubscriberAllComponents(trx, view.subscriber.id, ids.length === 0);
    await replaceSubscriberComponents(trx, view.subscriber.id, ids);
  });
  return { outcome: 'saved', view: { ...view, subscriber: { ...view.subscriber, allComponents: ids.length === 0 }, selected: ids } };
}
